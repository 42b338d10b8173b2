import Foundation
import Testing

/// Toys of two generator versions never end up in one result: a directory whose study.json predates the
/// current generator (study.json without "generator", i.e. version 1) is refused by --resume and by merge, with a
/// message that names both versions.
@Suite(.serialized) struct GeneratorVersionTests {
    /// Rewrites a directory's study.json as a version-1 toystudy wrote it: without the "generator" member.
    func makeVersionOne(_ path: String) throws {
        let file = path + "/study.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let older = text.replacingOccurrences(of: #",\s*"generator": 2"#, with: "", options: .regularExpression)
        #expect(older != text && !older.contains("generator"))
        try older.write(toFile: file, atomically: true, encoding: .utf8)
    }

    @Test func studyJSONRecordsTheVersion() throws {
        let path = Toystudy.temporaryDirectory("generator")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "3", "--output", path]).status == 0)
        let text = try String(contentsOfFile: path + "/study.json", encoding: .utf8)
        #expect(text.contains("\"generator\": 2"), "\(text)")
    }

    @Test func resumeRefusesAnOlderGenerator() throws {
        let path = Toystudy.temporaryDirectory("generator")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "3", "--output", path]).status == 0)
        try makeVersionOne(path)
        let outcome = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "3", "--output", path, "--resume"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("was generated with generator version 1, this toystudy generates version 2"),
                "\(outcome.stderr)")
    }

    @Test func mergeRefusesAnOlderGenerator() throws {
        let base = Toystudy.temporaryDirectory("generator")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let shards = (0..<2).map { base + "/shard\($0)" }
        for (k, path) in shards.enumerated() {
            #expect(try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "4", "--shard", "\(k)/2", "--output", path]).status == 0)
        }
        try makeVersionOne(shards[1])
        let outcome = try Toystudy.run(["merge", "--output", base + "/merged"] + shards)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("\(shards[1]) was generated with generator version 1"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: base + "/merged"))
    }
}
