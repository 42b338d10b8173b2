import Foundation
import Likelihood
import Minimizer
import Study

/// MIGRAD + HESSE on the seed dataset with the analytic gradient and with Minuit's numerical gradient, in one run:
/// wall time, calls, and the share of the time spent inside the minimizer itself rather than in the likelihood.
enum FitBenchmark {
    /// Counts the time spent in the likelihood, so the rest of a fit is the minimizer's own cost.
    final class TimedObjective: Objective, @unchecked Sendable {
        let inner: LikelihoodObjective
        var nanoseconds: UInt64 = 0
        init(_ inner: LikelihoodObjective) { self.inner = inner }
        var providesGradient: Bool { inner.providesGradient }
        var providesHessian: Bool { inner.providesHessian }
        private func timed<T>(_ body: () -> T) -> T {
            let start = DispatchTime.now().uptimeNanoseconds
            defer { nanoseconds += DispatchTime.now().uptimeNanoseconds - start }
            return body()
        }
        func value(_ x: [Double]) -> Double { timed { inner.value(x) } }
        func valueAndGradient(_ x: [Double], gradient: inout [Double]) -> Double {
            timed { inner.valueAndGradient(x, gradient: &gradient) }
        }
        func hessian(_ x: [Double]) -> [Double] { timed { inner.hessian(x) } }
        func valueGradientAndHessian(_ x: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
            timed { inner.valueGradientAndHessian(x, gradient: &gradient, hessian: &hessian) }
        }
    }

    struct Row {
        var label: String
        var best: Double
        var median: Double
        var nfcn: Int
        var ngrad: Int
        var objectiveShare: Double
        var fval: Double
    }

    static func run(dataPath: String, repetitions: Int) throws {
        let study = try seedStudy()
        let data = try DatasetCSV.read(path: dataPath, column: "x")
        print("MIGRAD + HESSE on \(dataPath) (\(data.count) events), seed model, strategy 1, tolerance 0.1, one thread, "
              + "best and median of \(repetitions) fits\n")
        print("| gradient | MIGRAD+HESSE best (ms) | median (ms) | nfcn | ngrad | in likelihood | in minimizer | fval |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for analytic in [true, false] {
            let row = measure(study: study, data: data, analytic: analytic, repetitions: repetitions)
            print("| \(row.label) | " + String(format: "%.3f | %.3f | ", row.best, row.median) + "\(row.nfcn) | \(row.ngrad) | "
                  + String(format: "%.1f%% | %.1f%% | %.6f |", 100 * row.objectiveShare, 100 * (1 - row.objectiveShare), row.fval))
        }
    }

    static func measure(study: StudyModel, data: [Double], analytic: Bool, repetitions: Int) -> Row {
        let nll = UnbinnedNLL(model: study.model, data: data)
        var times: [Double] = [], shares: [Double] = []
        var last: FitResult?
        for _ in 0..<repetitions {
            let objective = TimedObjective(LikelihoodObjective(nll: nll, providesGradient: analytic))
            let settings = MinimizerSettings(strategy: 1, tolerance: 0.1, errorDefinition: 0.5, useGradient: analytic)
            let start = DispatchTime.now().uptimeNanoseconds
            var minuit = Minuit(objective: objective, parameters: study.fitParameters, settings: settings)
            minuit.migrad()
            minuit.hesse()
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            times.append(Double(elapsed) / 1e6)
            shares.append(Double(objective.nanoseconds) / Double(elapsed))
            last = minuit.result
        }
        times.sort()
        shares.sort()
        return Row(label: analytic ? "analytic" : "numerical", best: times[0], median: times[times.count / 2],
                   nfcn: last?.nfcn ?? 0, ngrad: last?.ngrad ?? 0, objectiveShare: shares[shares.count / 2],
                   fval: last?.fval ?? .nan)
    }

    /// The seed model with iminuit's reference start values (seed-peak-reference.json).
    static func seedStudy() throws -> StudyModel {
        let config = try StudyConfig.parse("""
            {"name": "seed-peak-bench", "observable": {"name": "x", "min": 1.0, "max": 9.0},
             "parameters": {"ns": {"value": 2000, "min": 0}, "nb": {"value": 20000, "min": 0}, "mu": {"value": 5.0},
                            "sigma": {"value": 0.5, "min": 0}, "tau": {"value": 4.0, "min": 0}},
             "model": [{"name": "signal", "pdf": "gaussian", "yield": "ns", "parameters": {"mu": "mu", "sigma": "sigma"}},
                       {"name": "background", "pdf": "exponential", "yield": "nb", "parameters": {"tau": "tau"}}]}
            """)
        return StudyModel(config: config)
    }
}
