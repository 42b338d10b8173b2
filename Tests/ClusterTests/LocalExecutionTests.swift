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

    /// Threads change only the speed: every toy's record equals the same toy run alone, bit for bit.
    @Test func threadsGiveTheSameResultsAsOneToyAtATime() throws {
        let experiment = PullExperiment(study: try smallStudy(), seed: 7)
        let inbox = ResultInbox()
        FittingThreads(experiment: experiment, queue: ToyQueue([0..<12]), inbox: inbox, threads: 3).join()
        let width = experiment.table.width
        let records = inbox.drain(waiting: 0)
        let byToy = Dictionary(uniqueKeysWithValues: stride(from: 0, to: records.count, by: width).map {
            (Int(records[$0]), Array(records[$0..<($0 + width)]))
        })
        #expect(byToy.keys.sorted() == Array(0..<12))
        for toy in [0, 5, 11] {
            #expect(byToy[toy]!.map(\.bitPattern) == experiment.run(task: toy).map(\.bitPattern))
        }
    }

    /// A record read back from its toys.csv row is the same result: what MPI messages and resume rely on.
    @Test func recordsSurviveTheirRows() throws {
        let experiment = PullExperiment(study: try smallStudy(), seed: 7)
        for toy in [1, 2] {
            let record = experiment.run(task: toy)
            let parsed = try #require(experiment.table.parse(row: Substring(experiment.table.row(record))))
            #expect(experiment.result(parsed[...]) == experiment.runToy(toy))
        }
    }

    @Test func localRunStoresEveryToyAndSummarises() throws {
        let directory = NSTemporaryDirectory() + "toystudy-local-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let study = try smallStudy()
        let store = try ResultStore(experiment: PullExperiment(study: study, seed: 7), directory: directory, resume: false)
        let (report, _) = try StudyExecutor.runLocally(store: store, threads: 2)
        let summary = try #require(report as? StudySummary)
        #expect(summary.toys == 12)
        #expect(summary.parameters.map(\.name) == ["ns", "nb", "mu", "sigma"])
        let rows = try String(contentsOfFile: directory + "/toys.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 13)
    }
}
