import Foundation
import Study

/// Test-statistic toys (two fits each) per second on one core beside pull-study toys (one fit) of the same
/// model, in one run: the weak-signal seed variant and its dataset, the significance's background-only toys and
/// the limit's signal-plus-background toys at one scan point.
enum HypothesisBenchmark {
    static func run(toys: Int) throws {
        let configPath = "jobs/examples/seed-weak.json", dataPath = "jobs/examples/seed-weak-data.csv"
        let config = try StudyConfig.load(path: configPath)
        let study = StudyModel(config: config)
        let data = Dataset(try DatasetCSV.read(path: dataPath, column: config.observable.name))
        let pull = PullExperiment(study: study, seed: config.toys.seed)
        let significance = HypothesisExperiment(
            test: try HypothesisTest.prepare(.significance, study: study, poi: "ns", scan: [], cl: 0.6827, toys: toys, data: data),
            study: study)
        let limit = HypothesisExperiment(
            test: try HypothesisTest.prepare(.limit, study: study, poi: "ns", scan: [90], cl: 0.95, toys: toys, data: data),
            study: study)
        print("\(config.name) with \(dataPath) (\(data.eventCount) events), \(toys) toys each, one thread")
        let pullRate = measure("pull study (generate, MIGRAD + HESSE)", toys) { _ = pull.run(task: $0) }
        for (label, experiment) in [("significance, b toys (two fits)", significance), ("limit at ns = 90, sb toys (two fits)", limit)] {
            let rate = measure(label, toys) { _ = experiment.run(task: $0) }
            print(String(format: "  ratio to the pull study: %.2f", rate / pullRate))
        }
    }

    /// Toys per second of `body` over toys 0..<count after 20 warm-up toys.
    static func measure(_ label: String, _ count: Int, _ body: (Int) -> Void) -> Double {
        for toy in 0..<20 { body(toy) }
        let start = DispatchTime.now().uptimeNanoseconds
        for toy in 0..<count { body(toy) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let rate = Double(count) / seconds
        print(String(format: "%@: %.0f toys/s per core (%.3f ms per toy)", label, rate, 1000 / rate))
        return rate
    }
}
