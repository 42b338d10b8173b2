import Foundation
import Testing
@testable import Cluster
import Study

/// A small study (a Gaussian peak of 200 events on a flat background) whose toys fit in milliseconds.
func smallStudy() throws -> StudyModel {
    StudyModel(config: try StudyConfig.parse("""
        {"name": "small", "observable": {"name": "m", "min": 0, "max": 10},
         "parameters": {"ns": {"value": 200, "min": 0}, "nb": {"value": 300, "min": 0},
                        "mu": {"value": 5}, "sigma": {"value": 0.8, "min": 0.01}},
         "model": [{"name": "peak", "pdf": "gaussian", "yield": "ns", "parameters": {"mu": "mu", "sigma": "sigma"}},
                   {"name": "flat", "pdf": "uniform", "yield": "nb"}],
         "toys": {"count": 12, "seed": 7}}
        """))
}

@Suite struct LocalExecutionTests {
    @Test func queueHandsOutEveryToyOnceAcrossThreads() async {
        let pending = [0..<5000, 5003..<9000, 9500..<10_000]
        let queue = ToyQueue(pending)
        #expect(queue.remaining == 9497)
        let taken = await withTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var mine: [Int] = []
                    while case let chunk = queue.take(upTo: 7), !chunk.isEmpty {
                        #expect(chunk.count <= 7)
                        mine += chunk
                    }
                    return mine
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(taken.sorted() == pending.flatMap { Array($0) })
        #expect(queue.remaining == 0)
    }

    /// A stop closes the queue: nothing more is handed out, so the toys not started stay pending for --resume.
    @Test func closedQueueHandsOutNothing() {
        let queue = ToyQueue([0..<100])
        #expect(queue.take(upTo: 10) == 0..<10)
        queue.close()
        #expect(queue.take(upTo: 10).isEmpty)
        #expect(queue.remaining == 0)
    }

    /// A queue of 10^12 toys is two integers: a study of any size starts at once.
    @Test func hugeQueueIsSmall() {
        let queue = ToyQueue([0..<1_000_000_000_000])
        #expect(queue.take(upTo: 3) == 0..<3)
        #expect(queue.remaining == 999_999_999_997)
    }

    /// Threads change only the speed: every toy's result equals the same toy run alone.
    @Test func threadsGiveTheSameResultsAsOneToyAtATime() throws {
        let study = try smallStudy()
        let runner = ToyRunner(study: study, seed: 7)
        let inbox = ResultInbox()
        FittingThreads(runner: runner, queue: ToyQueue([0..<12]), inbox: inbox, threads: 3).join()
        let results = inbox.drain(waiting: 0).sorted { $0.toy < $1.toy }
        #expect(results.map(\.toy) == Array(0..<12))
        for toy in [0, 5, 11] { #expect(results[toy] == runner.run(toy: toy)) }
    }

    @Test func resultsSurviveTheMPIMessageFormat() throws {
        let study = try smallStudy()
        let runner = ToyRunner(study: study, seed: 7)
        let results = [runner.run(toy: 1), runner.run(toy: 2)]
        let message = [3.0] + results.flatMap { $0.encoded() }
        #expect(ToyResult.decoded(message.dropFirst(), parameters: 4) == results)
    }

    @Test func localRunStoresEveryToyAndSummarises() throws {
        let directory = NSTemporaryDirectory() + "toystudy-local-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let study = try smallStudy()
        let store = try ResultStore(study: study, directory: directory, resume: false)
        let (summary, _) = try StudyExecutor.runLocally(store: store, runner: ToyRunner(study: study, seed: 7), threads: 2)
        #expect(summary.toys == 12)
        #expect(summary.parameters.map(\.name) == ["ns", "nb", "mu", "sigma"])
        let rows = try String(contentsOfFile: directory + "/toys.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 13)
    }
}
