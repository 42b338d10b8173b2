import Foundation

/// A study as a pass/fail check, for CI: every free parameter's pull mean within `sigma` of its errors of 0, its
/// pull width within `sigma` errors of 1, and its 1-sigma coverage within `sigma` errors of 0.6827 (the
/// probability of |z| < 1 for a standard normal z).
extension StudySummary {
    public static let normalCoverage1Sigma = erf(1 / 2.0.squareRoot())

    /// One line per parameter that fails, naming each quantity that is off and by how many errors; empty when
    /// every parameter passes. A parameter without the toys to measure a quantity fails on it.
    public func checkFailures(sigma: Double) -> [String] {
        parameters.compactMap { p in
            let tests = [("pull mean", p.pullMean, p.pullMeanError, 0.0),
                         ("pull width", p.pullWidth, p.pullWidthError, 1.0),
                         ("1-sigma coverage", p.coverage1Sigma, p.coverage1SigmaError, Self.normalCoverage1Sigma)]
            let failures = tests.compactMap { name, value, error, expected -> String? in
                guard value.isFinite, error.isFinite else { return "\(name) cannot be measured (\(p.toysUsed) toys used)" }
                let distance = abs(value - expected) / error
                guard !(distance <= sigma) else { return nil }
                let rounded = Measurement(value: value, error: error).rounded
                return "\(name) \(rounded.value) ± \(rounded.error) is " + String(format: "%.1f", distance)
                    + " sigma \(value > expected ? "above" : "below") " + String(format: "%.4g", expected)
            }
            return failures.isEmpty ? nil : "\(p.name): " + failures.joined(separator: "; ")
        }
    }
}
