/// The self-check every fit gets before its errors are called valid: the objective itself, not the matrix,
/// must agree with the reported covariance C.
///
/// Along column i of C scaled to one error of parameter i, d = C e_i / sqrt(C_ii) (parameter i moves by one
/// error and the others follow as in a profile), the objective's second derivative is d^T H d = 2 up whatever
/// the correlations, when C is 2 up H^-1. It is measured by a second difference over a tenth of an error
/// (central where both sides stay inside the limits, forward where only one does), where any likelihood is
/// parabolic and the gradient, which is not exactly zero at a converged minimum, cancels. A wrong matrix
/// (forced positive definite, a fallback, a Hessian of another point) misses by orders of magnitude.
struct ErrorCheck {
    let function: FitFunction

    /// Accepted range of the measured second derivative over 2 up: errors right within a factor sqrt(2).
    static let acceptedRatio = 0.5...2.0
    /// The probe step, in errors.
    static let step = 0.01

    /// True when every checked parameter passes. `values`, `covariance`: external; `checked`: the external
    /// indices to probe (free, with an error). A parameter too close to a limit on both sides is not probed.
    func passes(values: [Double], covariance: [Double], fval: Double, checked: [Int]) -> Bool {
        let n = values.count, t = Self.step
        for i in checked {
            let sigma = covariance[i * n + i].squareRoot()
            guard sigma > 0, sigma.isFinite else { return false }
            let d = (0..<n).map { checked.contains($0) ? covariance[$0 * n + i] / sigma : 0 }
            func f(_ k: Double) -> Double { function.value(external: (0..<n).map { values[$0] + k * t * d[$0] }) }
            let secondDifference: Double
            if reach(from: values, along: d, side: 1) >= t && reach(from: values, along: d, side: -1) >= t {
                secondDifference = f(1) + f(-1) - 2 * fval
            } else if let side = [1.0, -1.0].first(where: { reach(from: values, along: d, side: $0) >= 2 * t }) {
                secondDifference = f(2 * side) - 2 * f(side) + fval
            } else {
                continue
            }
            if !Self.acceptedRatio.contains(secondDifference / (t * t * 2 * function.up)) { return false }
        }
        return true
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
