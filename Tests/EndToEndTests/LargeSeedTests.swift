import Foundation
import Testing

/// A seed is any 64-bit number, recorded and compared exactly: a Double would round seeds above 2^53 together,
/// so --resume and merge would mix the results of two different seeds.
@Suite struct LargeSeedTests {
    static let largest = "18446744073709551615"

    @Test func theLargestSeedIsRecordedAndResumedExactly() throws {
        let output = Toystudy.temporaryDirectory("seed")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let first = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "2", "--seed", Self.largest, "--output", output])
        #expect(first.status == 0, "\(first.stderr)")
        let study = try String(contentsOfFile: output + "/study.json", encoding: .utf8)
        #expect(study.contains("\"seed\": \(Self.largest)"), "\(study)")
        let again = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "2", "--seed", Self.largest, "--output", output, "--resume"])
        #expect(again.status == 0, "the same seed resumes: \(again.stderr)")
        let other = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "2", "--seed", "18446744073709551614", "--output", output, "--resume"])
        #expect(other.status == 2)
        #expect(other.stderr.contains("--resume: \(output) holds results of a different study"), "\(other.stderr)")
    }

    /// 2^53 + 1 and 2^53 are one Double: only an exact record tells the two studies apart.
    @Test func seedsDifferingBeyondDoublePrecisionAreDifferentStudies() throws {
        let output = Toystudy.temporaryDirectory("seed53")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let first = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "2", "--seed", "9007199254740993", "--output", output])
        #expect(first.status == 0, "\(first.stderr)")
        let other = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "2", "--seed", "9007199254740992", "--output", output, "--resume"])
        #expect(other.status == 2)
        #expect(other.stderr.contains("holds results of a different study"), "\(other.stderr)")
    }

    /// The shards of a study with the largest seed merge into exactly the unsharded run.
    @Test func shardsWithTheLargestSeedMerge() throws {
        let base = Toystudy.temporaryDirectory("seedshards")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let flags = ["--config", Toystudy.seedPeak, "--toys", "4", "--seed", Self.largest]
        #expect(try Toystudy.run(flags + ["--output", base + "/whole"]).status == 0)
        for k in 0..<2 {
            let shard = try Toystudy.run(flags + ["--shard", "\(k)/2", "--output", base + "/shard\(k)"])
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let merged = try Toystudy.run(["merge", "--output", base + "/merged", base + "/shard0", base + "/shard1"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try String(contentsOfFile: base + "/merged/toys.csv", encoding: .utf8)
                == String(contentsOfFile: base + "/whole/toys.csv", encoding: .utf8))
    }
}
