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
}
