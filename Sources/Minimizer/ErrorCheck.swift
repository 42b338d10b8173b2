/// The self-check every fit gets before its errors are called valid: the objective itself, not the matrix,
/// must agree with HESSE's covariance, and no point one error away may lie below the minimum.
///
/// It works in Minuit's internal coordinates, where the limits are built into the transform: the objective is
/// smooth there even for a parameter on its limit, and V (the internal covariance over 2 up) is exactly what
/// HESSE inverted. Along column i of the internal covariance scaled to one error of parameter i,
/// d = 2 up V e_i / sqrt(2 up V_ii) (parameter i moves by one error and the others follow as in a profile), the
/// second derivative is d^T H d = 2 up whatever the correlations. It is measured by a central second difference
/// over a hundredth of an error, where any likelihood is parabolic and the gradient, which is not exactly zero
/// at a converged minimum, cancels. A wrong matrix (forced positive definite, a fallback, a Hessian of another
/// point) misses by orders of magnitude.
///
/// Then the objective one error away must not lie below the minimum by more than a converged minimum's EDM
/// allows: a local minimum whose likelihood falls again within its errors (a Gaussian width collapsing onto
/// single events of a tiny signal) has correct curvature but no meaning. These probes go where the user reads
/// the errors, along the external covariance column (value -+ one error, the others following), stopping at 90%
/// of the way to a limit.
struct ErrorCheck {
    enum Outcome: Equatable {
        case passed, curvatureMismatch
        /// The lower point found (external): MIGRAD may continue from it.
        case lowerPointNearby([Double])
    }

    let function: FitFunction
    /// How far below the minimum a probe may lie: the EDM a valid minimum may have.
    let allowedDrop: Double

    /// Accepted range of the measured second derivative over 2 up: errors right within a factor sqrt(2).
    static let acceptedRatio = 0.5...2.0
    /// The curvature probe's step, in errors.
    static let step = 0.01

    /// `q`: the internal minimum, `v`: its internal inverse Hessian (the honest one), `checked`: the internal
    /// indices that have an error; `values`, `covariance`: the same minimum and covariance, external.
    func callAsFunction(q: [Double], v: [Double], values: [Double], covariance: [Double], fval: Double,
                        checked: [Int]) -> Outcome {
        let n = q.count, up = function.up, t = Self.step
        for i in checked {
            let sigma = (2 * up * v[i * n + i]).squareRoot()
            guard sigma > 0, sigma.isFinite else { return .curvatureMismatch }
            let d = (0..<n).map { 2 * up * v[$0 * n + i] / sigma }
            func f(_ k: Double) -> Double { function.value((0..<n).map { q[$0] + k * d[$0] }) }
            let secondDifference = f(t) + f(-t) - 2 * fval
            if !Self.acceptedRatio.contains(secondDifference / (t * t * 2 * up)) { return .curvatureMismatch }
            if let lower = lowerPoint(than: fval, around: values, covariance: covariance,
                                      column: function.transform.externalIndex[i]) {
                return .lowerPointNearby(lower)
            }
        }
        return .passed
    }

    /// The point one external error away along covariance column `e`, on either side, that lies more than
    /// `allowedDrop` below `fval`, if there is one.
    private func lowerPoint(than fval: Double, around x: [Double], covariance c: [Double], column e: Int) -> [Double]? {
        let m = x.count, sigma = c[e * m + e].squareRoot()
        let d = (0..<m).map { c[$0 * m + e].isFinite ? c[$0 * m + e] / sigma : 0 }
        for side in [1.0, -1.0] {
            let k = side * min(1, 0.9 * reach(from: x, along: d, side: side))
            let probe = (0..<m).map { x[$0] + k * d[$0] }
            if function.value(external: probe) < fval - allowedDrop { return probe }
        }
        return nil
    }

    /// How far along `side * d` (in units of d) the point may move before a parameter reaches its limit.
    private func reach(from x: [Double], along d: [Double], side: Double) -> Double {
        var reach = Double.infinity
        for (j, p) in function.transform.parameters.enumerated() where d[j] != 0 {
            let step = side * d[j]
            if step > 0, let hi = p.upper { reach = min(reach, (hi - x[j]) / step) }
            if step < 0, let lo = p.lower { reach = min(reach, (x[j] - lo) / -step) }
        }
        return reach
    }
}
