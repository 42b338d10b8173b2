import Foundation

/// The standard normal distribution's CDF and quantile, for significances Z = Phi^-1(1 - p) and the asymptotic
/// formulas of hypothesis tests.
public enum NormalDistribution {
    /// Phi(x), with erfc on both sides so that tails keep their digits.
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// 1 - Phi(x), exact in the upper tail (p-values of 5 sigma and beyond).
    public static func survival(_ x: Double) -> Double { 0.5 * erfc(x / 2.0.squareRoot()) }

    /// Phi^-1(p): -inf at 0, inf at 1. A rational first guess (Abramowitz and Stegun 26.2.23, error below 4.5e-4)
    /// refined by Halley steps on the exact CDF, to full double precision.
    public static func quantile(_ p: Double) -> Double {
        guard p > 0 else { return p == 0 ? -.infinity : .nan }
        guard p < 1 else { return p == 1 ? .infinity : .nan }
        let tail = min(p, 1 - p), t = (-2 * log(tail)).squareRoot()
        let guess = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
        var x = p < 0.5 ? -guess : guess
        for _ in 0..<3 {
            // Work in the smaller tail so the difference keeps its relative precision.
            let error = p < 0.5 ? cdf(x) - p : (1 - p) - survival(x)
            let density = exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
            let step = error / density
            x -= step / (1 + 0.5 * x * step)
        }
        return x
    }
}
