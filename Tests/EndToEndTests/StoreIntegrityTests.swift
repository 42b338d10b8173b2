import Foundation
import Testing

/// Stored results are checked before they are used: damaged rows and conflicting duplicates are refused with the
/// file and line; a full disk at the start is a failure (exit 1) that leaves a resumable directory.
@Suite(.serialized) struct StoreIntegrityTests {
    func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// Changes one character of the given line (1 is the header) of a file: a digit of the nll column.
    func damage(line: Int, of path: String) throws {
        var lines = try text(path).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[2] = String(fields[2].dropLast()) + (fields[2].last == "1" ? "2" : "1")
        lines[line - 1] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func summarizeAndMergeRefuseDamagedRows() throws {
        let base = Toystudy.temporaryDirectory("integrity")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let shards = (0..<2).map { base + "/shard\($0)" }
        for (k, path) in shards.enumerated() {
            let outcome = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "20", "--shard", "\(k)/2", "--output", path])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let toys = shards[1] + "/toys.csv"
        let intact = try text(toys)
        #expect(try Toystudy.run(["summarize", shards[1]]).status == 0)

        // A toy given twice with identical contents is accepted and counted once.
        let rows = intact.split(separator: "\n")
        try (intact + rows[4] + "\n").write(toFile: toys, atomically: true, encoding: .utf8)
        let repeated = try Toystudy.run(["summarize", shards[1], "--format", "json"])
        #expect(repeated.status == 0, "\(repeated.stderr)")
        #expect(repeated.stdout.contains("\"toys\": 10,"), "\(repeated.stdout)")

        try damage(line: 4, of: toys)
        for outcome in [try Toystudy.run(["summarize", shards[1]]), try Toystudy.run(["merge", "--output", base + "/merged"] + shards)] {
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains("\(toys):4: the row's checksum does not match"), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "one line")
        }
        #expect(!FileManager.default.fileExists(atPath: base + "/merged"), "nothing written for a refused merge")

        // The same toy twice with different contents: which one is right is unknown.
        var changed = rows[2].split(separator: ",", omittingEmptySubsequences: false)
        changed[4] = "99"
        let body = changed.dropLast().joined(separator: ",")
        let crc = Toystudy.crc32(body)
        try (intact + body + "," + crc + "\n").write(toFile: toys, atomically: true, encoding: .utf8)
        let conflict = try Toystudy.run(["summarize", shards[1]])
        #expect(conflict.status == 2)
        #expect(conflict.stderr.contains("\(toys):12: toy \(changed[0]) appears twice with different contents (also on line 3)"), "\(conflict.stderr)")
    }

    /// A disk that is full when the study starts: exit 1 with what happened and that --resume finishes; with space
    /// again, --resume gives the toys.csv of a plain run. The first case fills the disk before study.json can be
    /// written (only its temporary file is left), the second after it.
    @Test(.enabled(if: Toystudy.canMountTmpfs, "mounts a small tmpfs, which needs root and a system that allows it"))
    func fullDiskAtStartExitsOneAndResumes() throws {
        let base = Toystudy.temporaryDirectory("full")
        let mountPoint = base + "/disk", reference = base + "/reference"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        let arguments = ["--config", Toystudy.seedPeak, "--toys", "20"]
        #expect(try Toystudy.run(arguments + ["--output", reference]).status == 0)
        for filler in [4096, 0] {
            #expect(try Toystudy.shell("mount -t tmpfs -o size=4k tmpfs \(mountPoint)") == 0)
            defer { _ = try? Toystudy.shell("umount \(mountPoint)") }
            if filler > 0 { FileManager.default.createFile(atPath: mountPoint + "/filler", contents: Data(count: filler)) }
            let output = mountPoint + "/study"
            let full = try Toystudy.run(arguments + ["--output", output])
            #expect(full.status == 1, "\(full.stderr)")
            #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
            #expect(full.stderr.contains("run the same command with --resume to finish"), "\(full.stderr)")
            #expect(FileManager.default.fileExists(atPath: output + "/study.json") == (filler == 0))
            #expect(try Toystudy.shell("mount -o remount,size=1m \(mountPoint)") == 0)
            let resumed = try Toystudy.run(arguments + ["--output", output, "--resume"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(try text(output + "/toys.csv") == text(reference + "/toys.csv"))
        }
    }
}

extension Toystudy {
    /// Whether this process may mount a tmpfs (root outside a restricted container): tried once on a probe.
    static let canMountTmpfs: Bool = {
        guard getuid() == 0 else { return false }
        let probe = temporaryDirectory("probe")
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil,
              (try? shell("mount -t tmpfs -o size=4k tmpfs \(probe) 2>/dev/null")) == 0 else { return false }
        _ = try? shell("umount \(probe)")
        return true
    }()

    /// Runs a shell command line; its exit status.
    static func shell(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// CRC-32 (zlib's) of a text as 8 hex digits, bit by bit from the reflected polynomial: an implementation
    /// independent of toystudy's table-driven one.
    static func crc32(_ text: String) -> String {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in text.utf8 {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        let digits = String(~crc, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
