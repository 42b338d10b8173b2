import Foundation
import Testing
@testable import Minimizer
@testable import Study

@Suite struct ZDebug {
    @Test(arguments: [("near-limits", 30), ("cb-loose-tail", 16)]) func dbg(name: String, toys: Int) throws {
        let study = try FitTruth.study(name)
        for toy in 0..<toys {
            let (fit, events) = FitTruth.fit(study, toy: toy)
            let label = ToyStatus(fit, minosRequested: false).label
            guard fit.isValid else { print("DBG", name, toy, label, fit.failureReason ?? "", fit.values.map { String(format: "%.4g", $0) }); continue }
            let reference = ReferenceNLL(config: study.config, events: events)
            let free = FitTruth.constrained(fit, study)
            let n = fit.values.count
            let reported = free.map { fit.covariance[$0 * n + $0].squareRoot() }
            for step in [3e-3, 1e-2, 3e-2] {
            let c = reference.covariance(at: fit.values, free: free, scale: reported, relativeStep: step)
            let indep = c.map { c in free.indices.map { c[$0][$0].squareRoot() } } ?? []
            let ratios = zip(reported, indep).map { String(format: "%.4f", $0 / $1) }
            if name == "cb-loose-tail" { print("DBG", name, toy, step, label, ratios, fit.values.map { String(format: "%.4g", $0) }) }
            }
        }
    }
}
