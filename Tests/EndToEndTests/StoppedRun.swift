import Foundation
import Testing

/// A study started in the background, to be stopped the way a batch system or a user stops it.
struct StoppedRun {
    let process = Process()
    let output: String
    private let logs: String

    /// Starts `toystudy ARGUMENTS --output OUTPUT` (under `mpirun -n RANKS` if given); stdout and stderr go to files
    /// so that nothing blocks on a full pipe.
    init(_ arguments: [String], output: String, mpiRanks: Int? = nil) throws {
        self.output = output
        logs = output + "-logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: logs + "/stdout", contents: nil)
        FileManager.default.createFile(atPath: logs + "/stderr", contents: nil)
        if let ranks = mpiRanks {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["mpirun", "--allow-run-as-root", "--oversubscribe", "-n", String(ranks), Toystudy.binary]
                + arguments + ["--output", output]
        } else {
            process.executableURL = URL(fileURLWithPath: Toystudy.binary)
            process.arguments = arguments + ["--output", output]
        }
        process.standardOutput = FileHandle(forWritingAtPath: logs + "/stdout")
        process.standardError = FileHandle(forWritingAtPath: logs + "/stderr")
        try process.run()
    }

    /// Complete rows in toys.partial.csv so far.
    var storedRows: Int {
        let text = (try? String(contentsOfFile: output + "/toys.partial.csv", encoding: .utf8)) ?? ""
        return max(0, text.utf8.count { $0 == UInt8(ascii: "\n") } - 1)
    }

    /// Waits until at least `rows` toys are stored (or two minutes pass); returns the count.
    func waitForRows(_ rows: Int) -> Int {
        let deadline = Date().addingTimeInterval(120)
        while storedRows < rows && Date() < deadline && process.isRunning { usleep(5_000) }
        return storedRows
    }

    /// Sends `signal` to toystudy itself: the process, or under mpirun the ranks in `ranks` (all by default, as srun
    /// and a batch system's time limit do), and waits for the end. Returns the exit status and stderr.
    func stop(with signal: Int32, ranks: Set<Int>? = nil) -> (status: Int32, stderr: String) {
        let pid = process.processIdentifier
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        let targets = process.executableURL?.lastPathComponent == "env"
            ? children.split(separator: " ").compactMap { Int32($0) }.filter { ranks?.contains(Self.rank(of: $0)) ?? true }
            : [pid]
        #expect(!targets.isEmpty, "no process to signal")
        for target in targets { kill(target, signal) }
        return finish()
    }

    /// The MPI rank of a process started by mpirun (-1 if unknown).
    private static func rank(of pid: Int32) -> Int {
        let environment = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data()
        let variables = environment.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let entry = variables.first { $0.hasPrefix("OMPI_COMM_WORLD_RANK=") }
        return entry.flatMap { Int($0.dropFirst("OMPI_COMM_WORLD_RANK=".count)) } ?? -1
    }

    /// Waits for the end; the exit status and stderr.
    func finish() -> (status: Int32, stderr: String) {
        process.waitUntilExit()
        let stderr = (try? String(contentsOfFile: logs + "/stderr", encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: logs)
        return (process.terminationStatus, stderr)
    }

    /// Resident memory of the process in MB (Linux /proc).
    var residentMegabytes: Double {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? .nan) / 1024
    }
}
