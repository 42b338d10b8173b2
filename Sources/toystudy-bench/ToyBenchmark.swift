import Foundation
import Likelihood
import Minimizer
import Study

/// Where a toy's time goes, one thread: generation (events and constraint means from the toy's stream), MIGRAD,
/// HESSE and storage (the toys.csv row), per toy in ms and per event in ns, on the seed model and on a
/// Crystal Ball + Chebyshev model. The fits are the study's own (its fit settings, its start values), without
/// MINOS, so "toys per second" is MIGRAD + HESSE, the figure a physicist compares.
enum ToyBenchmark {
    static let models = [("seed model", "jobs/examples/seed-peak.json"),
                         ("Crystal Ball + Chebyshev", "Tests/Fixtures/fit-truth/cb-loose-tail.json")]

    static func run(toys: Int) throws {
        print("toystudy-bench toys: \(toys) toys per model after 20 warm-up toys, one thread; mean per toy\n")
        for (label, path) in models {
            let config = try StudyConfig.parse(String(contentsOfFile: path, encoding: .utf8))
            measure(label: "\(label) (\(path))", study: StudyModel(config: config), toys: toys)
        }
    }

    static func measure(label: String, study: StudyModel, toys: Int) {
        let seed = study.config.toys.seed, table = ToyTable(study: study)
        let fitConfig = study.config.fit
        let settings = MinimizerSettings(strategy: fitConfig.strategy, tolerance: fitConfig.tolerance,
                                         errorDefinition: 0.5, useGradient: fitConfig.gradient == .analytic)
        let fitter = DatasetFitter(study: study)
        var stages = [UInt64](repeating: 0, count: 4), events = 0, valid = 0
        for toy in -20..<toys {
            let counting = toy >= 0
            var clock = DispatchTime.now().uptimeNanoseconds
            func lap(_ stage: Int) {
                let now = DispatchTime.now().uptimeNanoseconds
                if counting { stages[stage] += now - clock }
                clock = now
            }
            let data = study.generate(toy: toy + 20, seed: seed)
            lap(0)
            let objective = LikelihoodObjective(nll: fitter.likelihood(for: data.events, constraintMeans: data.constraintMeans),
                                                providesGradient: fitConfig.gradient == .analytic)
            var minuit = Minuit(objective: objective, parameters: study.fitParameters, settings: settings)
            minuit.migrad()
            lap(1)
            minuit.hesse()
            lap(2)
            let row = table.row(ToyResult(toy: toy, events: data.events.count, fit: minuit.result, minosIndices: []))
            lap(3)
            guard counting else { continue }
            events += data.events.count
            valid += minuit.result.isValid && !row.isEmpty ? 1 : 0
        }
        let perEvent = Double(events) / Double(toys)
        print("\(label): \(String(format: "%.0f", perEvent)) events per toy, \(valid)/\(toys) valid fits\n")
        print("| stage | ms per toy | ns per event |")
        print("|---|---:|---:|")
        for (name, ns) in zip(["generation", "MIGRAD", "HESSE", "storage (row)"], stages) {
            print("| \(name) | " + String(format: "%.4f | %.2f |", Double(ns) / Double(toys) / 1e6, Double(ns) / Double(events)))
        }
        let total = stages.reduce(0, +), fit = stages[1] + stages[2]
        print("| whole toy | " + String(format: "%.4f | %.2f |", Double(total) / Double(toys) / 1e6, Double(total) / Double(events)))
        print(String(format: "\ntoys per second: %.0f MIGRAD + HESSE, %.0f whole toys\n",
                     1e9 * Double(toys) / Double(fit), 1e9 * Double(toys) / Double(total)))
    }
}
