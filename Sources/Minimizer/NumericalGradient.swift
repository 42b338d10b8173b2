/// First derivatives with the bookkeeping Minuit2 carries between iterations: the second derivative g2
/// (sets the next finite-difference step) and the step itself, plus the two probe values of the last step
/// so a following HESSE need not evaluate them again.
struct GradientState {
    var grad: [Double]
    var g2: [Double]
    var gstep: [Double]
    /// f(q + gstep_i e_i) and f(q - gstep_i e_i) from the last evaluation; NaN when unknown.
    var fPlus: [Double]
    var fMinus: [Double]

    /// False when the objective returned NaN or infinity at the probes: the state cannot be used.
    var isFinite: Bool { grad.allSatisfy(\.isFinite) && g2.allSatisfy(\.isFinite) }

    init(count n: Int) {
        grad = [Double](repeating: 0, count: n)
        g2 = grad
        gstep = grad
        fPlus = [Double](repeating: .nan, count: n)
        fMinus = fPlus
    }
}

/// Minuit2's InitialGradientCalculator and Numerical2PGradientCalculator, and the analytic alternative.
struct GradientCalculator {
    let function: FitFunction
    let strategy: Strategy

    /// Estimates from the start steps alone (no function calls): what the seed refines.
    /// `errors` are the external steps of the internal parameters.
    func initial(at q: [Double], errors: [Double]) -> GradientState {
        let t = function.transform, eps2 = Precision.eps2
        var g = GradientState(count: q.count)
        for i in 0..<q.count {
            let p = t.parameters[t.externalIndex[i]]
            let x = t.toExternal(i, q[i])
            var xPlus = x + errors[i]
            if let hi = p.upper, xPlus > hi { xPlus = hi }
            var xMinus = x - errors[i]
            if let lo = p.lower, xMinus < lo { xMinus = lo }
            let vplu = t.toInternal(i, xPlus) - q[i]
            let vmin = t.toInternal(i, xMinus) - q[i]
            let gsmin = 8 * eps2 * (abs(q[i]) + eps2)
            let dirin = max(0.5 * (abs(vplu) + abs(vmin)), gsmin)
            g.g2[i] = 2 * function.up / (dirin * dirin)
            g.gstep[i] = max(gsmin, 0.1 * dirin)
            if t.isLimited(i) { g.gstep[i] = min(g.gstep[i], 0.5) }
            g.grad[i] = g.g2[i] * dirin
        }
        return g
    }

    /// Diagonal curvature from forward differences of the analytic gradient over the current steps
    /// (n gradient calls). Minuit2 seeds an analytic-gradient fit with numerical g2 for the same reason:
    /// g2 from the start steps alone can be off by orders of magnitude, and MIGRAD then stops on a false
    /// minimum with a tiny covariance. Estimates that are not finite keep the previous g2.
    func analyticCurvature(at q: [Double], _ g: inout GradientState) {
        var point = q
        var shifted = g.grad
        for i in 0..<q.count {
            let h = max(g.gstep[i], 8 * Precision.eps2 * (abs(q[i]) + Precision.eps2))
            point[i] = q[i] + h
            function.valueAndGradient(point, gradient: &shifted)
            point[i] = q[i]
            let g2 = (shifted[i] - g.grad[i]) / h
            if g2.isFinite && g2 != 0 { g.g2[i] = g2 }
        }
    }

    /// The gradient at (q, f), refined from the previous one: two-point finite differences with Minuit's
    /// step control, or the analytic gradient (g2 and steps carried over) when the objective has one.
    func callAsFunction(at q: [Double], fval: Double, previous: GradientState) -> GradientState {
        var g = previous
        if function.analytic {
            function.valueAndGradient(q, gradient: &g.grad)
            return g
        }
        let eps2 = Precision.eps2, dfmin = 8 * eps2 * (abs(fval) + function.up)
        let vrysml = 8 * Precision.eps * Precision.eps
        for i in 0..<q.count {
            let epspri = eps2 + abs(g.grad[i]) * eps2
            var stepb4 = 0.0
            for _ in 0..<strategy.gradientCycles {
                var step = max((dfmin / (abs(g.g2[i]) + epspri)).squareRoot(), 0.1 * abs(g.gstep[i]))
                if function.transform.isLimited(i) { step = min(step, 0.5) }
                step = min(step, 10 * abs(g.gstep[i]))
                step = max(step, vrysml, 8 * abs(eps2 * q[i]))
                if abs((step - stepb4) / step) < strategy.gradientStepTolerance { break }
                g.gstep[i] = step
                stepb4 = step
                let fs1 = function.value(q, shifting: i, by: step)
                let fs2 = function.value(q, shifting: i, by: -step)
                g.fPlus[i] = fs1
                g.fMinus[i] = fs2
                let grdb4 = g.grad[i]
                g.grad[i] = 0.5 * (fs1 - fs2) / step
                g.g2[i] = (fs1 + fs2 - 2 * fval) / step / step
                if abs(grdb4 - g.grad[i]) / (abs(g.grad[i]) + dfmin / step) < strategy.gradientTolerance { break }
            }
        }
        return g
    }
}
