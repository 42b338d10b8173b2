import Foundation

/// Standard normal facts shared by the Gaussian-core pdfs.
enum StandardNormal {
    /// The integral of exp(-t^2/2) on [t0, t1], with erfc on a one-sided tail so a range far from the
    /// peak keeps its digits.
    static func mass(from t0: Double, to t1: Double) -> Double {
        let r = 0.5.squareRoot(), scale = (0.5 * Double.pi).squareRoot()
        if t0 > 0 { return scale * (Foundation.erfc(t0 * r) - Foundation.erfc(t1 * r)) }
        if t1 < 0 { return scale * (Foundation.erfc(-t1 * r) - Foundation.erfc(-t0 * r)) }
        return scale * (Foundation.erf(t1 * r) - Foundation.erf(t0 * r))
    }

    /// The quantile by Acklam's rational approximation (relative error < 1.2e-9): a starting point for the
    /// Gaussian sampler's Newton polish, not a final answer.
    private static let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    private static let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                            6.680131188771972e+01, -1.328068155288572e+01, 1]
    private static let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    private static let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                            3.754408661907416e+00, 1]
    private static let tail = 0.02425

    static func quantile(_ p: Double) -> Double {
        if p < tail { return lowerTail(p) }
        if p > 1 - tail { return -lowerTail(1 - p) }
        let q = p - 0.5, r = q * q
        return q * horner(a, r) / horner(b, r)
    }

    private static func lowerTail(_ p: Double) -> Double {
        let q = (-2 * Foundation.log(p)).squareRoot()
        return horner(c, q) / horner(d, q)
    }

    private static func horner(_ coefficients: [Double], _ x: Double) -> Double {
        coefficients.reduce(0) { $0 * x + $1 }
    }
}
