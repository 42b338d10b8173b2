/// Minuit2's VariableMetricBuilder: quasi-Newton iterations (line search along -V g, Davidon update of V)
/// until the EDM is below the goal, with HESSE verification and the outer passes of Minuit2's MIGRAD.
struct Migrad {
    let function: FitFunction
    let strategy: Strategy
    /// 0.002 * max(tolerance * up, eps2).
    let edmGoal: Double
    /// Calls this MIGRAD may make (measured from `startCalls`).
    let maxCalls: Int
    let startCalls: Int
    let cache: Bool

    /// How a MIGRAD run ended, in Minuit2's terms.
    struct Outcome {
        var state: MinimumState
        var aboveMaxEdm = false
        var reachedCallLimit = false
        var failureReason: String?

        var isValid: Bool { state.status.isValid && !aboveMaxEdm && !reachedCallLimit && failureReason == nil }
    }

    /// `startCalls`: `function.nfcn` when this MIGRAD began (before its seed), as Minuit2 counts.
    init(function: FitFunction, strategy: Strategy, tolerance: Double, maxCalls: Int, startCalls: Int,
         cache: Bool) {
        self.function = function
        self.strategy = strategy
        edmGoal = Self.edmGoal(tolerance: tolerance, up: function.up)
        self.maxCalls = maxCalls
        self.startCalls = startCalls
        self.cache = cache
    }

    static let nanReason = "objective returned NaN or infinity"

    /// Minuit's EDM goal: 0.002 * max(tolerance * up, eps2).
    static func edmGoal(tolerance: Double, up: Double) -> Double { 0.002 * max(tolerance * up, Precision.eps2) }

    /// The outer MIGRAD: iterate, verify with HESSE when dcovar says V is unreliable, and continue with a
    /// 30% larger budget when HESSE finds the EDM still too large.
    func callAsFunction(seed: MinimumState) -> Outcome {
        if !seed.isFinite { return Outcome(state: seed, failureReason: Self.nanReason) }
        if seed.dimension == 0 { return Outcome(state: seed) }
        if seed.edm < 0 || seed.status == .notPosDef {
            return Outcome(state: seed, failureReason: "seed EDM negative (start is not at a convex point)")
        }
        var current = seed
        var limit = maxCalls
        var pass = 0
        var iterate: Bool
        var edm: Double
        repeat {
            iterate = false
            let inner = iterations(from: current, callLimit: startCalls + limit)
            current = inner.state
            if inner.failureReason != nil || inner.reachedCallLimit { return inner }
            if pass > 0 && !inner.isValid {
                var out = inner
                out.failureReason = inner.aboveMaxEdm ? "above max EDM" : "invalid minimum after second pass"
                return out
            }
            edm = current.edm
            if strategy.wantsHesseAfterMigrad(dcovar: current.dcovar) && !current.isAnalyticHesse {
                current = Hesse(function: function, strategy: strategy, cache: cache)(
                    current, callLimit: startCalls + maxCalls)
                if !current.status.isValid { break }
                edm = current.edm
                if edm > edmGoal && edm >= abs(Precision.eps2 * current.fval) { iterate = true }
            }
            if pass == 0 { limit = Int(Double(maxCalls) * 1.3) }
            pass += 1
        } while iterate
        var out = Outcome(state: current)
        if edm > 10 * edmGoal {
            out.aboveMaxEdm = true
            out.failureReason = "above max EDM"
        } else if current.status == .callLimit {
            out.reachedCallLimit = true
            out.failureReason = "call limit reached in HESSE"
        } else if current.status == .nonFinite {
            out.failureReason = Self.nanReason
        } else if !current.status.isValid {
            out.failureReason = "HESSE failed"
        }
        return out
    }

    /// Whether the step from `state` probably ends MIGRAD, so its new point should get the objective's analytic
    /// Hessian with the gradient (one pass) instead of the gradient alone: HESSE then reuses that pass, and where
    /// MIGRAD does go on, it goes on with the exact inverse Hessian instead of the Davidon update. A Newton step
    /// squares the EDM's order of magnitude (seen on toys: 1 -> 1e-3 -> 1e-6), so a step from below 100 times the
    /// goal lands below the goal.
    private func lastStepLikely(_ state: MinimumState) -> Bool {
        function.analytic && function.objective.providesHessian && state.edm < 100 * edmGoal
    }

    /// The inner quasi-Newton loop.
    private func iterations(from start: MinimumState, callLimit: Int) -> Outcome {
        let n = start.dimension
        let gc = GradientCalculator(function: function, strategy: strategy)
        let search = LineSearch(function: function)
        var davidon = DavidonUpdate(dimension: n)
        var s0 = start
        var step = [Double](repeating: 0, count: n)
        var dx = step, dg = step
        var edm = s0.edm * (1 + 3 * s0.dcovar)

        func newtonStep() -> Double {
            SymmetricMatrix.multiply(s0.v, s0.gradient.grad, into: &step)
            var gdel = 0.0
            for i in 0..<n {
                step[i] = -step[i]
                gdel += step[i] * s0.gradient.grad[i]
            }
            return gdel
        }

        repeat {
            var gdel = newtonStep()
            if s0.gradient.grad.allSatisfy({ $0 == 0 }) { break }
            if gdel > 0 {
                if PositiveDefinite.force(&s0.v, n) { s0.status = .madePosDef }
                gdel = newtonStep()
                if gdel > 0 { return Outcome(state: s0) }
            }
            let (x, fmin) = search(from: s0.q, fval: s0.fval, step: step, gdel: gdel)
            if abs(fmin - s0.fval) <= abs(s0.fval) * Precision.eps { break }
            var q = s0.q
            for i in 0..<n {
                q[i] += x * step[i]
                dx[i] = q[i] - s0.q[i]
            }
            var g = s0.gradient, hessian: [Double]?
            if lastStepLikely(s0) {
                hessian = function.valueGradientAndHessian(q, gradient: &g.grad).hessian
            } else {
                g = gc(at: q, fval: fmin, previous: s0.gradient)
            }
            if !g.isFinite { return Outcome(state: s0, failureReason: Self.nanReason) }
            if let hessian, let exact = Hesse(function: function, strategy: strategy, cache: cache).exactInverse(
                MinimumState(q: q, fval: fmin, gradient: g, v: s0.v, dcovar: s0.dcovar, edm: s0.edm),
                hessian: hessian, gradient: g) {
                s0 = exact
                edm = exact.edm
                continue
            }
            edm = MinimumState.edm(g.grad, s0.v)
            if edm.isNaN { return Outcome(state: s0, failureReason: "EDM is NaN") }
            if edm < 0 {
                if PositiveDefinite.force(&s0.v, n) { s0.status = .madePosDef }
                edm = MinimumState.edm(g.grad, s0.v)
                if edm < 0 { return Outcome(state: s0) }
            }
            for i in 0..<n { dg[i] = g.grad[i] - s0.gradient.grad[i] }
            let dcovar = davidon.apply(&s0.v, dx: dx, dg: dg, dcovar: s0.dcovar)
            s0 = MinimumState(q: q, fval: fmin, gradient: g, v: s0.v, dcovar: dcovar, edm: edm)
            edm *= 1 + 3 * dcovar
        } while edm > edmGoal && function.nfcn < callLimit

        if function.nfcn >= callLimit {
            return Outcome(state: s0, reachedCallLimit: true, failureReason: "call limit reached")
        }
        if edm > edmGoal && edm >= 10 * edmGoal && edm >= abs(Precision.eps2 * s0.fval) {
            return Outcome(state: s0, aboveMaxEdm: true)
        }
        return Outcome(state: s0)
    }
}
