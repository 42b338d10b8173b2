/// Minuit2's MnSeedGenerator: the starting state of MIGRAD. Value and refined gradient at the start,
/// a diagonal inverse Hessian from g2 (or a given one when re-running), the negative-g2 line search when
/// some curvature is not positive, and a full HESSE for strategy 2.
struct Seed {
    let function: FitFunction
    let strategy: Strategy
    let cache: Bool

    /// `errors`: external start steps of the internal parameters; `covariance`: internal V to start from
    /// (a previous minimum's), which also skips the strategy-2 HESSE as Minuit2 does.
    func callAsFunction(at q: [Double], errors: [Double], covariance: [Double]?) -> MinimumState {
        let n = q.count
        let gc = GradientCalculator(function: function, strategy: strategy)
        var g = gc.initial(at: q, errors: errors)
        let f0: Double
        var hessian: [Double]?
        if function.analytic {
            if covariance == nil && function.objective.providesHessian {
                (f0, hessian) = function.valueGradientAndHessian(q, gradient: &g.grad)
            } else {
                f0 = function.valueAndGradient(q, gradient: &g.grad)
            }
            if let covariance {
                // Re-runs and MINOS points start from a known covariance: its diagonal gives the curvature
                // scale without n extra gradient calls.
                for i in 0..<n where covariance[i * n + i] > 0 { g.g2[i] = 1 / covariance[i * n + i] }
            } else if let h = hessian {
                for i in 0..<n where h[i * n + i] != 0 && h[i * n + i].isFinite { g.g2[i] = h[i * n + i] }
            } else if f0.isFinite && g.isFinite {
                gc.analyticCurvature(at: q, &g)
            }
        } else {
            f0 = function.value(q)
            if f0.isFinite { g = gc(at: q, fval: f0, previous: g) }
        }
        var state = MinimumState(q: q, fval: f0, gradient: g, v: Self.diagonal(g.g2), dcovar: 1, edm: 0)
        if let covariance {
            state.v = covariance
            state.dcovar = 0
        }
        state.edm = MinimumState.edm(g.grad, state.v)
        guard state.isFinite else { return state }
        let hesse = Hesse(function: function, strategy: strategy, cache: cache)
        if g.g2.contains(where: { $0 <= 0 }) {
            state = negativeG2LineSearch(state, gc)
        } else if let hessian {
            // The analytic Hessian at the start is already paid for: where it is positive definite its inverse
            // is a better start than its diagonal (MIGRAD then needs fewer iterations), and it is the HESSE that
            // strategy 2 makes at the seed, so that pass is not repeated.
            if let exact = hesse.exactInverse(state, hessian: hessian, gradient: g) { return exact }
            if strategy.hesseAtSeed { return hesse.analytic(state, hessian: hessian, gradient: g) }
        }
        if strategy.hesseAtSeed && covariance == nil && state.isFinite {
            state = hesse(state, callLimit: nil)
        }
        return state
    }

    /// Inverse of the diagonal curvature, 1 where it is too small to invert.
    static func diagonal(_ g2: [Double]) -> [Double] {
        SymmetricMatrix.identityScaled(g2.map { abs($0) > Precision.eps ? 1 / $0 : 1 })
    }

    /// Minuit2's NegativeG2LineSearch: step downhill along each parameter with non-positive curvature and
    /// recompute the gradient, up to 2n passes, so MIGRAD does not start on a maximum or saddle.
    private func negativeG2LineSearch(_ start: MinimumState, _ gc: GradientCalculator) -> MinimumState {
        let n = start.dimension
        var q = start.q, f = start.fval, g = start.gradient
        // Minuit2 checks its pass counter after each pass: up to 2n + 1 passes.
        var pass = 0, moved = true
        while moved && pass <= 2 * n && g.isFinite {
            pass += 1
            moved = false
            for i in 0..<n where g.g2[i] <= 0 {
                if abs(g.grad[i]) < Precision.eps && abs(g.g2[i]) < Precision.eps { continue }
                var step = [Double](repeating: 0, count: n)
                step[i] = g.grad[i] < 0 ? g.gstep[i] : -g.gstep[i]
                let gdel = step[i] * g.grad[i]
                let (x, fnew) = LineSearch(function: function)(from: q, fval: f, step: step, gdel: gdel)
                q[i] += x * step[i]
                f = fnew
                g = gc(at: q, fval: f, previous: g)
                if function.analytic && g.isFinite { gc.analyticCurvature(at: q, &g) }
                moved = true
                break
            }
        }
        let v = Self.diagonal(g.g2)
        let edm = MinimumState.edm(g.grad, v)
        return MinimumState(q: q, fval: f, gradient: g, v: v, dcovar: 1, edm: edm,
                            status: edm < 0 ? .notPosDef : .ok)
    }
}
