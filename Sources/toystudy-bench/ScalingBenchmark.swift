import Foundation
import Study

/// Parallel efficiency of MPI ranks: the wall time of `mpirun -n 1 toystudy --threads 1` against
/// `mpirun -n 2 toystudy --threads 1` on the same toys of a config, in one run. Efficiency = T1 / (2 T2); 1 is
/// perfect. The two alternate `repetitions` times and the best of each counts, so that other work on a shared
/// machine disturbs the ratio less. The wall times include mpirun's start-up, so use enough toys that it does
/// not matter.
enum ScalingBenchmark {
    static func run(configPath: String, toys: Int, repetitions: Int = 2) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("toystudy").path
        var best = [1: Double.infinity, 2: Double.infinity]
        for _ in 0..<repetitions {
            for ranks in [1, 2] {
                let seconds = try wallTime(binary: binary, ranks: ranks, configPath: configPath, toys: toys)
                print(String(format: "mpirun -n %d toystudy --threads 1 --toys %d: %.2f s wall", ranks, toys, seconds))
                best[ranks] = min(best[ranks]!, seconds)
            }
        }
        print(String(format: "best of %d: %.2f s (1 rank), %.2f s (2 ranks); parallel efficiency of 2 ranks vs 1: %.3f",
                     repetitions, best[1]!, best[2]!, best[1]! / (2 * best[2]!)))
    }

    private static func wallTime(binary: String, ranks: Int, configPath: String, toys: Int) throws -> Double {
        let output = NSTemporaryDirectory() + "toystudy-scaling-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["mpirun", "--allow-run-as-root", "-n", String(ranks), binary, "--config", configPath,
                             "--toys", String(toys), "--threads", "1", "--output", output]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = Date()
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StoreError("mpirun -n \(ranks) \(binary) exited with \(process.terminationStatus)")
        }
        return Date().timeIntervalSince(start)
    }
}
