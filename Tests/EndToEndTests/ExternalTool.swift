import Foundation

/// Programs of the system the end-to-end tests drive besides toystudy (ldd, qemu, SLURM's daemons and
/// commands): found on the PATH as a user's shell finds them, and run with their output captured.
enum ExternalTool {
    /// The executable `name` on the PATH (and the sbin directories, where Debian puts daemons), or nil.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        return directories.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `executable` to its end; `environment` entries are added to this process's environment.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    directory: String? = nil) throws -> Toystudy.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr on another thread while stdout is read here: either pipe filling up would block the child.
        let stderr = CapturedBytes(), errHandle = err.fileHandleForReading
        let stderrRead = DispatchSemaphore(value: 0)
        Thread {
            stderr.bytes = errHandle.readDataToEndOfFile()
            stderrRead.signal()
        }.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        stderrRead.wait()
        return Toystudy.Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                stderr: String(decoding: stderr.bytes, as: UTF8.self))
    }
}

/// Bytes a reader thread hands over; the semaphore it signals orders the write before the read.
private final class CapturedBytes: @unchecked Sendable {
    var bytes = Data()
}
