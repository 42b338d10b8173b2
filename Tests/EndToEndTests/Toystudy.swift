import Foundation
import Testing

/// Runs the built `toystudy` binary (and mpirun) the way a user does, and captures what they would see.
enum Toystudy {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let seedPeak = packageRoot.appendingPathComponent("jobs/examples/seed-peak.json").path

    /// The binary built beside this test bundle (debug or release, whichever `swift test` built).
    static let binary: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("toystudy")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
        return packageRoot.appendingPathComponent(".build/debug/toystudy").path
    }()

    static func run(_ arguments: [String], mpiRanks: Int? = nil) throws -> Outcome {
        let process = Process()
        if let ranks = mpiRanks {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["mpirun", "--allow-run-as-root", "--oversubscribe", "-n", String(ranks), binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting: a full pipe would block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryDirectory(_ label: String) -> String {
        NSTemporaryDirectory() + "toystudy-e2e-\(label)-\(UUID().uuidString)"
    }

    /// A config file made from the seed-peak example with one text replacement.
    static func seedPeakVariant(replacing old: String, with new: String) throws -> String {
        let text = try String(contentsOfFile: seedPeak, encoding: .utf8)
        let changed = text.replacingOccurrences(of: old, with: new)
        #expect(changed != text, "the variant must differ from the example")
        let path = temporaryDirectory("config") + ".json"
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
