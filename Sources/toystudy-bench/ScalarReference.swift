import Foundation

/// The seed NLL as the plain per-event loop (Foundation exp and log, no blocks, no SIMD): the baseline the
/// benchmark compares against and a cross-check of the SIMD value.
enum ScalarReference {
    /// ns N(mu, sigma) + nb exp(-x/tau) on [1, 9], parameters [ns, nb, mu, sigma, tau].
    static func value(_ p: [Double], data: [Double]) -> Double {
        let (ns, nb, mu, sigma, tau) = (p[0], p[1], p[2], p[3], p[4])
        let (lower, upper) = (1.0, 9.0)
        let root2 = 2.0.squareRoot()
        let gaussNorm = sigma * (Double.pi / 2).squareRoot() * (erf((upper - mu) / (sigma * root2)) - erf((lower - mu) / (sigma * root2)))
        let expNorm = tau * (exp(-lower / tau) - exp(-upper / tau))
        var total = ns + nb
        for x in data {
            let t = (x - mu) / sigma
            total -= log(ns * exp(-0.5 * t * t) / gaussNorm + nb * exp(-x / tau) / expNorm)
        }
        return total
    }
}
