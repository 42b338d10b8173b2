import Foundation

/// Minuit2's MnMinos and MnFunctionCross: the asymmetric errors of one parameter, found where the
/// profile (the objective minimized over all other parameters with this one fixed) crosses fmin + up.
/// Each profile point is a MIGRAD of strategy max(s-1, 0) at half the tolerance.
struct Minos {
    let objective: any Objective
    let parameters: [FitParameter]
    /// The minimum: internal state, and its external values and errors.
    let minimum: MinimumState
    let transform: ParameterTransform
    let values: [Double]
    let errors: [Double]
    let settings: MinimizerSettings

    /// Where a profile crossing search ended (Minuit2's MnCross).
    struct Crossing {
        var a = 0.0
        var isValid = false
        var atLimit = false
        var newMinimum = false
        var callLimit = false
        var nfcn = 0
        var ngrad = 0
    }

    /// The state the profile fits continue from (MnApplication keeps the last minimum's state).
    private struct ProfileState {
        var values: [Double]
        var errors: [Double]
        /// Internal inverse Hessian of the other free parameters, nil when unknown.
        var v: [Double]?
    }

    private struct ProfilePoint {
        var fval: Double
        var isValid: Bool
        var reachedCallLimit: Bool
    }

    var up: Double { settings.errorDefinition }

    /// The MINOS errors of one external parameter, and the gradient calls spent (for the fit's totals).
    func callAsFunction(_ external: Int) -> (error: MinosError, ngrad: Int) {
        let n = transform.count
        let maxCalls = 2 * (n + 1) * (200 + 100 * n + 5 * n * n)
        let upper = crossing(external, direction: 1, maxCalls: maxCalls)
        let lower = crossing(external, direction: -1, maxCalls: maxCalls)
        let p = parameters[external]
        func offset(_ c: Crossing, _ pdir: Double, _ limit: Double?) -> Double {
            if c.atLimit, let limit { return limit - values[external] }
            return c.isValid ? (1 + c.a) * pdir : pdir
        }
        var e = MinosError(lower: offset(lower.0, lower.1, p.lower), upper: offset(upper.0, upper.1, p.upper),
                           isValid: lower.0.isValid && upper.0.isValid, isLowerValid: lower.0.isValid,
                           isUpperValid: upper.0.isValid, nfcn: lower.0.nfcn + upper.0.nfcn)
        e.lowerAtLimit = lower.0.atLimit
        e.upperAtLimit = upper.0.atLimit
        e.lowerNewMinimum = lower.0.newMinimum
        e.upperNewMinimum = upper.0.newMinimum
        e.lowerCallLimit = lower.0.callLimit
        e.upperCallLimit = upper.0.callLimit
        return (e, lower.0.ngrad + upper.0.ngrad)
    }

    /// MnMinos's start for one direction, then MnFunctionCross. Returns the crossing and the scan step.
    private func crossing(_ external: Int, direction: Double, maxCalls: Int) -> (Crossing, Double) {
        let t = transform, n = t.count
        guard let i = t.externalIndex.firstIndex(of: external) else { return (Crossing(), 0) }
        let p = parameters[external]
        var val = values[external] + direction * errors[external]
        if direction > 0, let hi = p.upper { val = min(val, hi) }
        if direction < 0, let lo = p.lower { val = max(val, lo) }
        let pdir = val - values[external]

        // Other parameters start shifted along their correlation with this one (internal coordinates).
        let m = minimum.v.map { 2 * $0 }
        let xunit = (up / m[i * n + i]).squareRoot()
        var start = values
        for j in 0..<n where j != i {
            var u = t.toExternal(j, minimum.q[j] + direction * xunit * m[i * n + j])
            let pj = parameters[t.externalIndex[j]]
            if let hi = pj.upper { u = min(u, hi) }
            if let lo = pj.lower { u = max(u, lo) }
            start[t.externalIndex[j]] = u
        }
        start[external] = val
        // Fixing a parameter squeezes the covariance as Minuit2's MnCovarianceSqueeze does: drop the row and
        // column from the Hessian, then invert, which gives the conditional covariance of the others.
        var v: [Double]?
        if minimum.status.isValid, let h = SymmetricMatrix.inverse(minimum.v, n) {
            let others = (0..<n).filter { $0 != i }
            v = SymmetricMatrix.inverse(others.flatMap { r in others.map { c in h[r * n + c] } }, n - 1)
        }
        var state = ProfileState(values: start, errors: errors, v: v)
        return (cross(external, pmid: val, pdir: pdir, state: &state, maxCalls: maxCalls), pdir)
    }

    /// One profile point: MIGRAD over the other parameters with `external` fixed at `value`.
    private func profile(_ external: Int, at value: Double, state: inout ProfileState, maxCalls: Int,
                         crossing c: inout Crossing) -> ProfilePoint {
        var ps = parameters
        for k in ps.indices { ps[k].value = state.values[k]; ps[k].error = state.errors[k] }
        ps[external].value = value
        ps[external].isFixed = true
        let t = ParameterTransform(ps)
        let fn = FitFunction(objective: objective, transform: t, up: up, useGradient: settings.useGradient)
        let strategy = Strategy(max(settings.strategy - 1, 0))
        let q0 = t.initialInternal()
        let steps = t.externalIndex.map { max(ps[$0].startStep, Precision.eps2) }
        let seed = Seed(function: fn, strategy: strategy, cache: settings.cacheHesseEvaluations)(
            at: q0, errors: steps, covariance: state.v)
        let outcome = Migrad(function: fn, strategy: strategy, tolerance: 0.5 * settings.tolerance,
                             maxCalls: maxCalls, startCalls: 0, cache: settings.cacheHesseEvaluations)(seed: seed)
        c.nfcn += fn.nfcn
        c.ngrad += fn.ngrad
        var r = FitResult(parameters: ps)
        r.update(from: outcome.state, transform: t, up: up)
        state = ProfileState(values: r.values, errors: r.errors.enumerated().map { $0.element > 0 ? $0.element : state.errors[$0.offset] },
                             v: outcome.state.status.isValid ? outcome.state.v : nil)
        return ProfilePoint(fval: outcome.state.fval, isValid: outcome.isValid,
                            reachedCallLimit: outcome.reachedCallLimit)
    }

    /// MnFunctionCross for one parameter: find a with f(pmid + a pdir) = fmin + up.
    private func cross(_ external: Int, pmid: Double, pdir: Double, state: inout ProfileState,
                       maxCalls: Int) -> Crossing {
        var c = Crossing()
        let fmin = minimum.fval, aim = fmin + up
        let tlr = 0.01, tlf = tlr * up
        var tla = tlr
        let maxitr = 30
        var ipt = 0
        let p = parameters[external]
        var aulim = 100.0
        var limset = false
        if pdir > 0, let hi = p.upper {
            if abs(pdir) < Precision.eps { limset = abs(hi - pmid) < Precision.eps } else { aulim = min(aulim, (hi - pmid) / pdir) }
        } else if pdir < 0, let lo = p.lower {
            if abs(pdir) < Precision.eps { limset = abs(lo - pmid) < Precision.eps } else { aulim = min(aulim, (lo - pmid) / pdir) }
        }
        if limset {
            c.atLimit = true
            c.isValid = true
            return c
        }
        if aulim < tla { limset = true }

        /// Runs a profile point at a; returns nil when the search must stop (c then says why).
        func evaluate(_ a: Double) -> Double? {
            let point = profile(external, at: pmid + a * pdir, state: &state, maxCalls: maxCalls, crossing: &c)
            if point.fval < fmin - tlf { c.newMinimum = true; return nil }
            if point.reachedCallLimit { c.callLimit = true; return nil }
            if !point.isValid { return nil }
            if limset && point.fval < aim { c.atLimit = true; c.isValid = true; return nil }
            ipt += 1
            return point.fval
        }
        func found(_ a: Double) -> Crossing { var r = c; r.a = a; r.isValid = true; return r }

        var alsb = [0.0, 0.0, 0.0], flsb = [0.0, 0.0, 0.0]
        guard let f0 = evaluate(0) else { return c }
        flsb[0] = max(f0, fmin + 0.1 * up)
        var aopt = (up / (flsb[0] - fmin)).squareRoot() - 1
        if abs(flsb[0] - aim) < tlf { return found(aopt) }
        aopt = min(max(aopt, -0.5), 1)
        limset = false
        if aopt > aulim { aopt = aulim; limset = true }
        guard let f1 = evaluate(aopt) else { return c }
        alsb[1] = aopt
        flsb[1] = f1
        var dfda = (flsb[1] - flsb[0]) / (alsb[1] - alsb[0])

        var lookForSlope = true
        while true {
            if lookForSlope && dfda < 0 {
                // Step outwards until the profile rises.
                for it in 0..<max(0, maxitr - ipt) {
                    alsb[0] = alsb[1]
                    flsb[0] = flsb[1]
                    aopt = alsb[0] + 0.2 * Double(it + 1)
                    limset = false
                    if aopt > aulim { aopt = aulim; limset = true }
                    guard let f = evaluate(aopt) else { return c }
                    alsb[1] = aopt
                    flsb[1] = f
                    dfda = (flsb[1] - flsb[0]) / (alsb[1] - alsb[0])
                    if dfda > 0 { break }
                }
                if ipt > maxitr { return c }
            }
            lookForSlope = true
            // Two points with the right slope: linear interpolation to the aim.
            aopt = alsb[1] + (aim - flsb[1]) / dfda
            let fdist = min(abs(aim - flsb[0]), abs(aim - flsb[1]))
            let adist = min(abs(aopt - alsb[0]), abs(aopt - alsb[1]))
            tla = abs(aopt) > 1 ? tlr * abs(aopt) : tlr
            if adist < tla && fdist < tlf { return found(aopt) }
            if ipt > maxitr { return c }
            aopt = min(max(aopt, min(alsb[0], alsb[1]) - 1), max(alsb[0], alsb[1]) + 1)
            limset = false
            if aopt > aulim { aopt = aulim; limset = true }
            guard let f2 = evaluate(aopt) else { return c }
            alsb[2] = aopt
            flsb[2] = f2
            // Three points: how many are below the aim?
            var ecarmn = abs(flsb[2] - aim), ecarmx = 0.0
            var ibest = 2, iworst = 0, noless = 0
            for k in 0..<3 {
                let ecart = abs(flsb[k] - aim)
                if ecart > ecarmx { ecarmx = ecart; iworst = k }
                if ecart < ecarmn { ecarmn = ecart; ibest = k }
                if flsb[k] < aim { noless += 1 }
            }
            if noless == 1 || noless == 2 {
                return parabolaSearch(&alsb, &flsb, ibest: ibest, aim: aim, tlf: tlf, ipt: &ipt, aulim: aulim,
                                      limset: &limset, evaluate: evaluate, found: found, crossing: c)
            }
            if noless == 0 && ibest != 2 { return c }
            if noless == 3 && ibest != 2 {
                alsb[1] = alsb[2]
                flsb[1] = flsb[2]
                continue
            }
            flsb[iworst] = flsb[2]
            alsb[iworst] = alsb[2]
            dfda = (flsb[1] - flsb[0]) / (alsb[1] - alsb[0])
            lookForSlope = false
        }
    }

    /// The last phase of MnFunctionCross: parabolas through three points bracketing the aim.
    private func parabolaSearch(_ alsb: inout [Double], _ flsb: inout [Double], ibest ibestIn: Int, aim: Double,
                                tlf: Double, ipt: inout Int, aulim: Double, limset: inout Bool,
                                evaluate: (Double) -> Double?, found: (Double) -> Crossing,
                                crossing c: Crossing) -> Crossing {
        let tlr = 0.01
        var ibest = ibestIn
        repeat {
            let (a, b, cc) = Parabola.through((alsb[0], alsb[1], alsb[2]), (flsb[0], flsb[1], flsb[2]))
            let determ = b * b - 4 * a * (cc - aim)
            if determ < Precision.eps { return c }
            let rt = determ.squareRoot()
            let x1 = (-b + rt) / (2 * a), x2 = (-b - rt) / (2 * a)
            let s1 = b + 2 * x1 * a, s2 = b + 2 * x2 * a
            var aopt = x1, slope = s1
            if s2 > 0 { aopt = x2; slope = s2 }
            let tla = abs(aopt) > 1 ? tlr * abs(aopt) : tlr
            if abs(aopt - alsb[ibest]) < tla && abs(flsb[ibest] - aim) < tlf { return found(aopt) }

            var ileft = 3, iright = 3, iout = 3
            ibest = 0
            var ecarmx = 0.0, ecarmn = abs(aim - flsb[0])
            for k in 0..<3 {
                let ecart = abs(flsb[k] - aim)
                if ecart < ecarmn { ecarmn = ecart; ibest = k }
                if ecart > ecarmx { ecarmx = ecart }
                if flsb[k] > aim {
                    if iright == 3 { iright = k } else if flsb[k] > flsb[iright] { iout = k } else { iout = iright; iright = k }
                } else if ileft == 3 {
                    ileft = k
                } else if flsb[k] < flsb[ileft] {
                    iout = k
                } else {
                    iout = ileft
                    ileft = k
                }
            }
            guard ileft < 3, iright < 3, iout < 3 else { return c }
            if ecarmx > 10 * abs(flsb[iout] - aim) { aopt = 0.5 * (aopt + 0.5 * (alsb[iright] + alsb[ileft])) }
            var smalla = 0.1 * tla
            if slope * smalla > tlf { smalla = tlf / slope }
            let aleft = alsb[ileft] + smalla, aright = alsb[iright] - smalla
            if aopt < aleft { aopt = aleft }
            if aopt > aright { aopt = aright }
            if aleft > aright { aopt = 0.5 * (aleft + aright) }
            limset = false
            if aopt > aulim { aopt = aulim; limset = true }
            guard let f = evaluate(aopt) else { return c }
            alsb[iout] = aopt
            flsb[iout] = f
            ibest = iout
        } while ipt < 30
        return c
    }
}
