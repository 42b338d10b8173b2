import Foundation

/// The Clopper-Pearson interval of a binomial fraction k/n: the exact (never undercovering) interval that
/// p-values from toys need when few or no toys pass, where k/n +- sqrt(p(1-p)/n) would claim an error of 0.
public enum BinomialInterval {
    /// The central interval of probability `level` (0.6827 for "68%") for k successes in n trials.
    public static func clopperPearson(_ k: Int, _ n: Int, level: Double) -> (low: Double, high: Double) {
        guard n > 0 else { return (0, 1) }
        let alpha = 1 - level
        let low = k == 0 ? 0 : betaQuantile(alpha / 2, Double(k), Double(n - k + 1))
        let high = k == n ? 1 : betaQuantile(1 - alpha / 2, Double(k + 1), Double(n - k))
        return (low, high)
    }

    /// x with I_x(a, b) = q, by bisection (I is increasing in x): 80 halvings reach double precision.
    static func betaQuantile(_ q: Double, _ a: Double, _ b: Double) -> Double {
        var low = 0.0, high = 1.0
        for _ in 0..<80 {
            let middle = 0.5 * (low + high)
            if regularizedBeta(middle, a, b) < q { low = middle } else { high = middle }
        }
        return 0.5 * (low + high)
    }

    /// The regularized incomplete beta function I_x(a, b), by its continued fraction (modified Lentz), using the
    /// symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
    static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logFront: Double = logBeta + a * log(x) + b * log(1 - x)
        if x > (a + 1) / (a + b + 2) { return 1 - exp(logFront) * continuedFraction(1 - x, b, a) / b }
        return exp(logFront) * continuedFraction(x, a, b) / a
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        d = 1 / (abs(d) < tiny ? tiny : d)
        var fraction = d
        for m in 1...10_000 {
            let m = Double(m)
            let even: Double = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            let odd: Double = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            for numerator in [even, odd] {
                d = 1 + numerator * d
                d = 1 / (abs(d) < tiny ? tiny : d)
                c = 1 + numerator / c
                if abs(c) < tiny { c = tiny }
                fraction *= c * d
            }
            if abs(c * d - 1) < 1e-15 { break }
        }
        return fraction
    }
}
