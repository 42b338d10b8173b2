import Foundation
import Study

/// Parallel efficiency of MPI ranks: the wall time of `mpirun -n 1 toystudy --threads 1` against
/// `mpirun -n 2 toystudy --threads 1` on the same toys of a config, in one run. Efficiency = T1 / (2 T2); 1 is
/// perfect. The wall times include mpirun's start-up, so use enough toys that it does not matter.
enum ScalingBenchmark {
    static func run(configPath: String, toys: Int) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("toystudy").path
        var seconds: [Double] = []
        for ranks in [1, 2] {
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
            seconds.append(Date().timeIntervalSince(start))
            print(String(format: "mpirun -n %d toystudy --threads 1 --toys %d: %.2f s wall", ranks, toys, seconds.last!))
        }
        print(String(format: "parallel efficiency of 2 ranks vs 1: %.3f", seconds[0] / (2 * seconds[1])))
    }
}
