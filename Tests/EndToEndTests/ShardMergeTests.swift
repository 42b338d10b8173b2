import Foundation
import Testing

/// Job arrays: shards run separately and merged give exactly the unsharded study; bad merges are refused.
@Suite(.serialized) struct ShardMergeTests {
    @Test func mergedShardsEqualAnUnshardedRun() throws {
        let base = Toystudy.temporaryDirectory("shards")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let whole = base + "/whole", merged = base + "/merged"
        #expect(try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "30", "--output", whole]).status == 0)
        let shards = (0..<3).map { base + "/shard\($0)" }
        for (k, path) in shards.enumerated() {
            let outcome = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "30", "--shard", "\(k)/3", "--output", path])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(try String(contentsOfFile: path + "/toys.csv", encoding: .utf8).split(separator: "\n").count == 11)
        }
        let outcome = try Toystudy.run(["merge", "--output", merged] + shards.reversed())
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for file in ["toys.csv", "summary.json", "summary.md"] {
            #expect(try String(contentsOfFile: merged + "/" + file, encoding: .utf8)
                    == String(contentsOfFile: whole + "/" + file, encoding: .utf8), "\(file)")
        }
        // Merging again is idempotent.
        #expect(try Toystudy.run(["merge", "--output", merged] + shards).status == 0)

        let twice = try Toystudy.run(["merge", "--output", base + "/twice", shards[0], shards[1], shards[1], shards[2]])
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("is given twice"), "\(twice.stderr)")
        let missing = try Toystudy.run(["merge", "--output", base + "/missing", shards[0], shards[2]])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("shards 1/3 are missing"), "\(missing.stderr)")

        let other = base + "/other"
        #expect(try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "30", "--seed", "5", "--shard", "1/3",
                                  "--output", other]).status == 0)
        let foreign = try Toystudy.run(["merge", "--output", base + "/foreign", shards[0], other, shards[2]])
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("different study"), "\(foreign.stderr)")
        #expect(!FileManager.default.fileExists(atPath: base + "/foreign"))
    }

    @Test func badShardFlagIsRefused() throws {
        for flag in ["3/3", "1", "a/b", "-1/2"] {
            let outcome = try Toystudy.run(["--config", Toystudy.seedPeak, "--shard=\(flag)", "--output", Toystudy.temporaryDirectory("s")])
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains("--shard: expected K/N"), "\(outcome.stderr)")
        }
    }
}
