import Testing
@testable import Study

/// Shards slice the toys exactly, for any size: no product k*N can overflow, and a shard without toys is refused.
@Suite struct ShardTests {
    /// Every split of small studies covers each toy exactly once, in order, as k*N/count says.
    @Test func slicesCoverEveryToyOnce() {
        for total in [1, 7, 1000] {
            for count in 1...min(total, 9) {
                let slices = (0..<count).map { Shard(index: $0, count: count).toys(of: total) }
                #expect(slices.flatMap { Array($0) } == Array(0..<total))
                #expect(slices.enumerated().allSatisfy { $1.lowerBound == $0 * total / count })
            }
        }
    }

    /// Products above Int.max: the last of Int.max shards of Int.max - 1 toys, and shard 10^15 - 1 of 10^15 toys.
    @Test func hugeSplitsDoNotOverflow() {
        #expect(Shard(index: Int.max - 1, count: Int.max).toys(of: Int.max - 1) == (Int.max - 2)..<(Int.max - 1))
        let count = StudyConfig.Toys.maximumCount
        #expect(Shard(index: count - 1, count: count).toys(of: count) == (count - 1)..<count)
        #expect(Shard(index: 3, count: 7).toys(of: count) == (3 * (count / 7) + 3 * (count % 7) / 7)..<(4 * (count / 7) + 4 * (count % 7) / 7))
    }

    @Test func moreShardsThanToysAreRefused() throws {
        #expect(try Shard(parsing: "999/1000", toys: 1000) == Shard(index: 999, count: 1000))
        do {
            _ = try Shard(parsing: "9223372036854775806/9223372036854775807", toys: 1000)
            Issue.record("more shards than toys must be refused")
        } catch {
            #expect(error.field == "--shard" && error.message.contains("use at most 1000 shards"), "\(error)")
        }
    }

    @Test func shardFileKeepsLargeNumbersExactly() throws {
        let shard = Shard(index: Int.max - 1, count: Int.max)
        #expect(Shard(json: try JSONParser.parse(shard.json.serialized(indent: 2))) == shard)
    }
}
