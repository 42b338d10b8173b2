/// Minuit2's MnHesse: the full matrix of second derivatives at a state, inverted into the covariance.
/// Numerical (finite differences of values, with a cache of the probes MIGRAD's last gradient already
/// made), from central differences of the analytic gradient (2n gradient calls: what makes likelihood
/// fits fast), or from the objective's analytic Hessian.
struct Hesse {
    let function: FitFunction
    let strategy: Strategy
    let cache: Bool
    /// Inside MIGRAD a parameter on which f does not depend fails the numerical HESSE, as in Minuit2 (and
    /// with Minuit2's call counts); the final HESSE (`Minuit.hesse`) records it as zero curvature instead,
    /// so the verdict can call it unconstrained and still give the other parameters' errors.
    var tolerateFlat = false

    /// `callLimit`: absolute value of `function.nfcn` after which the numerical HESSE gives up;
    /// nil: Minuit's default budget from now.
    func callAsFunction(_ st: MinimumState, callLimit: Int?) -> MinimumState {
        let n = st.dimension
        let limit = callLimit ?? function.nfcn + 200 + 100 * n + 5 * n * n
        if function.analytic {
            if function.objective.providesHessian {
                var g = st.gradient
                if case let (_, h?) = function.valueGradientAndHessian(st.q, gradient: &g.grad) {
                    return analytic(st, hessian: h, gradient: g)
                }
            }
            return fromGradientDifferences(st)
        }
        return numerical(st, callLimit: limit)
    }

    /// HESSE from the objective's analytic internal Hessian at the state's point (with the gradient there), for
    /// callers that already made that pass.
    func analytic(_ st: MinimumState, hessian h: [Double], gradient g: GradientState) -> MinimumState {
        guard h.allSatisfy(\.isFinite) else { return failed(st, st.gradient.g2, .nonFinite) }
        return finish(st, hessian: h, gradient: g)
    }

    /// The same only where the Hessian is positive definite as it is (a positive diagonal, which
    /// `PositiveDefinite.force` would otherwise shift without saying so, and no eigenvalue forced): then V is the
    /// exact inverse, the metric MIGRAD's seed and steps take in place of an estimate. nil otherwise.
    func exactInverse(_ st: MinimumState, hessian h: [Double], gradient g: GradientState) -> MinimumState? {
        let n = st.dimension
        guard (0..<n).allSatisfy({ h[$0 * n + $0] > 0 }) else { return nil }
        let exact = analytic(st, hessian: h, gradient: g)
        return exact.status == .ok ? exact : nil
    }

    /// Probe values keyed by (parameter, signed step) at the state's point.
    private struct Probe: Hashable { let index: Int, step: Double }

    private func numerical(_ st: MinimumState, callLimit: Int) -> MinimumState {
        let n = st.dimension, eps2 = Precision.eps2, t = function.transform
        var known: [Probe: Double] = [:]
        if cache {
            for i in 0..<n where !st.gradient.fPlus[i].isNaN && !st.gradient.fMinus[i].isNaN {
                known[Probe(index: i, step: st.gradient.gstep[i])] = st.gradient.fPlus[i]
                known[Probe(index: i, step: -st.gradient.gstep[i])] = st.gradient.fMinus[i]
            }
        }
        func probe(_ i: Int, _ d: Double) -> Double {
            if let f = known[Probe(index: i, step: d)] { return f }
            return function.value(st.q, shifting: i, by: d)
        }
        let amin = cache ? st.fval : function.value(st.q)
        let aimsag = eps2.squareRoot() * (abs(amin) + function.up)
        var g = st.gradient
        var h = [Double](repeating: 0, count: n * n)
        var yy = [Double](repeating: 0, count: n)
        // Parameters on which f does not depend at all (every probe returns the same value), when tolerated.
        var flat = [Bool](repeating: false, count: n)

        for i in 0..<n {
            let dmin = 8 * eps2 * (abs(st.q[i]) + eps2)
            var d = max(abs(g.gstep[i]), dmin)
            for _ in 0..<strategy.hesseCycles {
                var sag = 0.0, fs1 = 0.0, fs2 = 0.0
                for _ in 0..<5 {
                    fs1 = probe(i, d)
                    fs2 = probe(i, -d)
                    sag = 0.5 * (fs1 + fs2 - 2 * amin)
                    if sag != 0 || !sag.isFinite { break }
                    if t.isLimited(i) {
                        if d > 0.5 { break }
                        d = min(10 * d, 0.51)
                    } else {
                        d *= 10
                    }
                }
                if !sag.isFinite { return failed(st, g.g2, .nonFinite) }
                if sag == 0 {
                    guard tolerateFlat else { return failed(st, g.g2, .hesseFailed) }
                    flat[i] = true
                    g.g2[i] = 0
                    g.grad[i] = 0
                    break
                }
                let g2before = g.g2[i]
                g.g2[i] = 2 * sag / (d * d)
                g.grad[i] = 0.5 * (fs1 - fs2) / d
                g.gstep[i] = d
                g.fPlus[i] = fs1
                g.fMinus[i] = fs2
                yy[i] = fs1
                let dlast = d
                d = (2 * aimsag / abs(g.g2[i])).squareRoot()
                if t.isLimited(i) { d = min(0.5, d) }
                d = max(d, dmin)
                if abs((d - dlast) / d) < strategy.hesseStepTolerance { break }
                if abs((g.g2[i] - g2before) / g.g2[i]) < strategy.hesseG2Tolerance { break }
                d = max(min(d, 10 * dlast), 0.1 * dlast)
            }
            h[i * n + i] = g.g2[i]
            if function.nfcn > callLimit { return failed(st, g.g2, .callLimit) }
        }
        // The off-diagonal probes use the diagonal steps, whatever the gradient refinement does to gstep.
        let dirin = g.gstep
        if strategy.level > 0 { refineGradient(st, &g, fval: amin) }
        for i in 0..<n {
            for j in (i + 1)..<max(n, i + 1) where !flat[i] && !flat[j] {
                let fs = function.value(st.q, shifting: i, by: dirin[i], and: j, by: dirin[j])
                let hij = (fs + amin - yy[i] - yy[j]) / (dirin[i] * dirin[j])
                h[i * n + j] = hij
                h[j * n + i] = hij
            }
        }
        if !h.allSatisfy(\.isFinite) || !g.isFinite { return failed(st, g.g2, .nonFinite) }
        return finish(st, hessian: h, gradient: g)
    }

    /// Minuit2's HessianGradientCalculator: a more precise first derivative with steps scaled from g2.
    /// The accepted step becomes the gradient's step (the next HESSE starts from it), with its probe values.
    private func refineGradient(_ st: MinimumState, _ g: inout GradientState, fval: Double) {
        let eps2 = Precision.eps2
        let dfmin = 4 * eps2 * (abs(fval) + function.up)
        for i in 0..<st.dimension {
            let dmin = 4 * eps2 * (abs(st.q[i]) + eps2)
            let epspri = eps2 + abs(g.grad[i] * eps2)
            let optstp = (dfmin / (abs(g.g2[i]) + epspri)).squareRoot()
            var d = max(min(0.2 * abs(g.gstep[i]), optstp), dmin)
            var chgold = 10000.0
            for cycle in 0..<strategy.hesseGradientCycles {
                let fs1 = function.value(st.q, shifting: i, by: d)
                let fs2 = function.value(st.q, shifting: i, by: -d)
                let grdold = g.grad[i]
                let grdnew = 0.5 * (fs1 - fs2) / d
                let dgmin = Precision.eps * (abs(fs1) + abs(fs2)) / d
                if grdnew == 0 { break }
                let change = abs((grdold - grdnew) / grdnew)
                if change > chgold && cycle > 1 { break }
                chgold = change
                g.grad[i] = grdnew
                g.gstep[i] = d
                g.fPlus[i] = fs1
                g.fMinus[i] = fs2
                if change < 0.05 || abs(grdold - grdnew) < dgmin || d < dmin { break }
                d *= 0.2
            }
        }
    }

    /// Second derivatives as central differences of the analytic internal gradient, symmetrised.
    /// Step: 1e-3 of the current error estimate, which balances truncation (h^2) and rounding (eps/h).
    private func fromGradientDifferences(_ st: MinimumState) -> MinimumState {
        let n = st.dimension, up = function.up
        var h = [Double](repeating: 0, count: n * n)
        var gp = [Double](repeating: 0, count: n), gm = gp
        var point = st.q
        var g = st.gradient
        for i in 0..<n {
            let vii = st.v[i * n + i]
            var sigma = vii > 0 ? (2 * up * vii).squareRoot() : (2 * up / max(abs(g.g2[i]), Precision.eps)).squareRoot()
            if !sigma.isFinite || sigma == 0 { sigma = max(abs(st.q[i]), 1) }
            var d = max(1e-3 * sigma, 8 * Precision.eps2 * (abs(st.q[i]) + Precision.eps2))
            if function.transform.isLimited(i) { d = min(d, 0.05) }
            point[i] = st.q[i] + d
            function.valueAndGradient(point, gradient: &gp)
            point[i] = st.q[i] - d
            function.valueAndGradient(point, gradient: &gm)
            point[i] = st.q[i]
            for j in 0..<n { h[j * n + i] = 0.5 * (gp[j] - gm[j]) / d }
            g.gstep[i] = d
        }
        for i in 0..<n {
            g.g2[i] = h[i * n + i]
            for j in 0..<i {
                let s = 0.5 * (h[i * n + j] + h[j * n + i])
                h[i * n + j] = s
                h[j * n + i] = s
            }
        }
        if !h.allSatisfy(\.isFinite) { return failed(st, g.g2, .nonFinite) }
        return finish(st, hessian: h, gradient: g)
    }

    /// Force positive definiteness, invert, and compute the EDM with the new covariance: what MIGRAD needs to
    /// keep stepping downhill. The raw matrix stays in the state for the honest verdict (`Curvature`).
    private func finish(_ st: MinimumState, hessian: [Double], gradient g: GradientState) -> MinimumState {
        let n = st.dimension
        var h = hessian
        var g = g
        for i in 0..<n { g.g2[i] = hessian[i * n + i] }
        let madePosDef = PositiveDefinite.force(&h, n)
        guard let v = SymmetricMatrix.inverse(h, n) else {
            var out = failed(st, g.g2, .invertFailed)
            out.hessian = hessian
            return out
        }
        return MinimumState(q: st.q, fval: st.fval, gradient: g, v: v, dcovar: madePosDef ? 1 : 0,
                            edm: MinimumState.edm(g.grad, v), status: madePosDef ? .madePosDef : .ok,
                            isAnalyticHesse: function.analytic, hessian: hessian)
    }

    /// The diagonal fallback Minuit2 returns when HESSE fails: a metric MIGRAD may keep stepping with, never
    /// reported as errors (the state carries no Hessian, so `Minuit.hesse` reports none).
    private func failed(_ st: MinimumState, _ g2: [Double], _ status: ErrorStatus) -> MinimumState {
        let eps2 = Precision.eps2
        let diag = g2.map { x -> Double in
            let v = x < eps2 ? 1 : 1 / x
            return v < eps2 ? 1 : v
        }
        var out = st
        out.v = SymmetricMatrix.identityScaled(diag)
        out.status = status
        out.dcovar = 1
        return out
    }
}
