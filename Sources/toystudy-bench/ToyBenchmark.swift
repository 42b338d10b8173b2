import Foundation
import Likelihood
import Minimizer
import Study

/// Where a toy's time goes, one thread: generation (events and constraint means from the toy's stream), MIGRAD,
/// HESSE and storage (the toys.csv row), per toy in ms and per event in ns, on the seed model and on a
/// Crystal Ball + Chebyshev model. The fits are the study's own (its fit settings, its start values), without
/// MINOS, so "toys per second" is MIGRAD + HESSE, the figure a physicist compares. Each stage is shown as the
/// median over toys beside the mean: on a shared machine the median is what the code costs, the mean what a
/// run got.
enum ToyBenchmark {
    static let models = [("seed model", "jobs/examples/seed-peak.json"),
                         ("Crystal Ball + Chebyshev", "Tests/Fixtures/fit-truth/cb-loose-tail.json")]

    static func run(toys: Int) throws {
        print("toystudy-bench toys: \(toys) toys per model after 20 warm-up toys, one thread\n")
        for (label, path) in models {
            let config = try StudyConfig.parse(String(contentsOfFile: path, encoding: .utf8))
            measure(label: "\(label) (\(path))", study: StudyModel(config: config), toys: toys)
        }
    }

    static func measure(label: String, study: StudyModel, toys: Int) {
        let seed = study.config.toys.seed, experiment = PullExperiment(study: study, seed: seed)
        let fitConfig = study.config.fit
        let settings = MinimizerSettings(strategy: fitConfig.strategy, tolerance: fitConfig.tolerance,
                                         errorDefinition: 0.5, useGradient: fitConfig.gradient == .analytic)
        let fitter = DatasetFitter(study: study)
        var stages = [[Double]](repeating: [], count: 4), events = 0, valid = 0
        for toy in -20..<toys {
            let counting = toy >= 0
            var clock = DispatchTime.now().uptimeNanoseconds
            func lap(_ stage: Int) {
                let now = DispatchTime.now().uptimeNanoseconds
                if counting { stages[stage].append(Double(now - clock)) }
                clock = now
            }
            let data = study.generate(toy: toy + 20, seed: seed)
            lap(0)
            let objective = LikelihoodObjective(nll: fitter.likelihood(for: data.dataset, constraintMeans: data.constraintMeans),
                                                providesGradient: fitConfig.gradient == .analytic)
            var minuit = Minuit(objective: objective, parameters: study.fitParameters, settings: settings)
            minuit.migrad()
            lap(1)
            minuit.hesse()
            lap(2)
            var result = ToyResult(toy: toy, events: data.dataset.eventCount, fit: minuit.result, minosIndices: [])
            result.componentEvents = data.componentCounts
            let row = experiment.table.row(experiment.record(result))
            lap(3)
            guard counting else { continue }
            events += data.dataset.eventCount
            valid += minuit.result.isValid && !row.isEmpty ? 1 : 0
        }
        let perEvent = Double(events) / Double(toys)
        print("\(label): \(String(format: "%.0f", perEvent)) events per toy, \(valid)/\(toys) valid fits\n")
        print("| stage | median ms per toy | median ns per event | mean ms per toy |")
        print("|---|---:|---:|---:|")
        func median(_ times: [Double]) -> Double { times.sorted()[times.count / 2] }
        func mean(_ times: [Double]) -> Double { times.reduce(0, +) / Double(times.count) }
        let wholeToys = (0..<toys).map { toy in stages.reduce(0) { $0 + $1[toy] } }
        let fits = (0..<toys).map { stages[1][$0] + stages[2][$0] }
        for (name, times) in zip(["generation", "MIGRAD", "HESSE", "storage (row)", "whole toy"], stages + [wholeToys]) {
            print("| \(name) | " + String(format: "%.4f | %.2f | %.4f |", median(times) / 1e6, median(times) / perEvent,
                                              mean(times) / 1e6))
        }
        print(String(format: "\ntoys per second (MIGRAD + HESSE): %.0f from the median toy, %.0f from the mean\n",
                     1e9 / median(fits), 1e9 / mean(fits)))
    }
}
