/// The public face: MIGRAD with iminuit's retry policy, HESSE and MINOS on one objective, keeping the
/// last minimum so HESSE and MINOS continue from it.
///
/// The struct holds a reference to the call-counting function, so copies of one `Minuit` share the call
/// counts; give each fit its own `Minuit`.
public struct Minuit {
    public private(set) var result: FitResult
    let settings: MinimizerSettings
    let transform: ParameterTransform
    let function: FitFunction
    /// The last minimum in internal coordinates (nil before MIGRAD).
    var minimum: MinimumState?
    /// Whether the last MIGRAD converged (EDM below its goal, no call limit); nil before any MIGRAD. HESSE's
    /// verdict adds to it and never overrides it.
    private var migradConverged: Bool?

    public init(objective: any Objective, parameters: [FitParameter], settings: MinimizerSettings = .init()) {
        self.settings = settings
        transform = ParameterTransform(parameters)
        function = FitFunction(objective: objective, transform: transform, up: settings.errorDefinition,
                               useGradient: settings.useGradient)
        result = FitResult(parameters: transform.parameters)
    }

    var maxCalls: Int {
        let n = transform.count
        return settings.maxFunctionCalls ?? 200 + 100 * n + 5 * n * n
    }

    /// External steps of the internal parameters: start steps, or the last errors after a fit.
    private var currentSteps: [Double] {
        transform.externalIndex.map { e in
            minimum == nil || !result.errors[e].isFinite
                ? transform.parameters[e].startStep : max(result.errors[e], Precision.eps2)
        }
    }

    /// MIGRAD (with the retry policy), including Minuit2's automatic HESSE when dcovar is above the
    /// strategy's threshold.
    @discardableResult
    public mutating func migrad() -> FitResult {
        let start = function.nfcn
        var strategy = Strategy(settings.strategy)
        var outcome = run(strategy, from: minimum, startCalls: start)
        var retries = 0
        while !outcome.isValid && !outcome.reachedCallLimit && outcome.state.isFinite
            && retries < settings.maxRetries {
            // iminuit: a pathological fit is re-run from where it stopped, with strategy 2.
            retries += 1
            strategy = Strategy(2)
            minimum = outcome.state
            result.update(from: outcome.state, transform: transform, up: function.up)
            outcome = run(strategy, from: outcome.state, startCalls: start)
        }
        minimum = outcome.state
        result.update(from: outcome.state, transform: transform, up: function.up)
        result.isValid = outcome.isValid
        result.isAboveMaxEdm = outcome.aboveMaxEdm
        result.hasReachedCallLimit = outcome.reachedCallLimit
        result.failureReason = outcome.isValid ? nil : (outcome.failureReason ?? "invalid minimum")
        result.retries = retries
        result.nfcn = function.nfcn
        result.ngrad = function.ngrad
        migradConverged = outcome.isValid
        return result
    }

    /// One MIGRAD: seed (from a previous minimum's point and covariance when there is one), then iterate.
    private func run(_ strategy: Strategy, from previous: MinimumState?, startCalls: Int) -> Migrad.Outcome {
        let q = previous?.q ?? transform.initialInternal()
        let covariance = previous.flatMap { $0.status.isValid ? $0.v : nil }
        let seed = Seed(function: function, strategy: strategy, cache: settings.cacheHesseEvaluations)(
            at: q, errors: currentSteps, covariance: covariance)
        let migrad = Migrad(function: function, strategy: strategy, tolerance: settings.tolerance,
                            maxCalls: maxCalls, startCalls: startCalls, cache: settings.cacheHesseEvaluations)
        return migrad(seed: seed)
    }

    /// HESSE at the last minimum (or at the start values before any MIGRAD), and the verdict on the fit.
    ///
    /// The fit is valid only when MIGRAD converged, HESSE's raw matrix is positive definite (or singular only
    /// in parameters the objective does not constrain, whose errors are then NaN), the EDM with that matrix is
    /// not above Minuit's maximum, the point is inside the objective's domain, and the errors pass the
    /// self-check against the objective (`ErrorCheck`). Errors are only ever the inverse Hessian at the
    /// reported point: never a forced or fallback matrix (NaN instead).
    ///
    /// A matrix that is not positive definite, or an EDM above the goal with the true matrix, means MIGRAD
    /// stopped short of the minimum (its own matrix was an approximation): MIGRAD continues from there with
    /// HESSE's matrix, as Minuit's own verification does. A lower point found by the self-check one error away
    /// means MIGRAD stopped in a local dip: it continues from that point. At most `polishRounds` times.
    @discardableResult
    public mutating func hesse() -> FitResult {
        var rounds = 0
        while true {
            let st = hesseState()
            let curvature = analyse(st)
            minimum = st
            let mayContinue = migradConverged != nil && rounds < Self.polishRounds
            if mayContinue && isShortOfMinimum(st, curvature) {
                rounds += 1
                migrad()
                continue
            }
            let lower = report(st, curvature)
            guard mayContinue, let lower else { return result }
            rounds += 1
            minimum?.q = (0..<transform.count).map { transform.toInternal($0, lower[transform.externalIndex[$0]]) }
            migrad()
        }
    }

    static let polishRounds = 3

    private var edmGoal: Double { Migrad.edmGoal(tolerance: settings.tolerance, up: function.up) }

    /// HESSE's state at the last minimum; a minimum that already is an analytic-gradient HESSE at that point
    /// (MIGRAD's own verification) is reused: same matrix, 2n gradient calls saved per fit.
    private func hesseState() -> MinimumState {
        let strategy = Strategy(settings.strategy)
        let cache = settings.cacheHesseEvaluations
        let at = minimum ?? Seed(function: function, strategy: Strategy(min(strategy.level, 1)), cache: cache)(
            at: transform.initialInternal(), errors: currentSteps, covariance: nil)
        return at.isAnalyticHesse && at.hessian != nil
            ? at : Hesse(function: function, strategy: strategy, cache: cache, tolerateFlat: true)(at, callLimit: nil)
    }

    /// The raw matrix's verdict; a parameter is judged flat over its own magnitude plus its gradient step.
    private func analyse(_ st: MinimumState) -> Curvature? {
        guard let h = st.hessian, st.isFinite else { return nil }
        let scale = (0..<st.dimension).map { abs(st.q[$0]) + abs(st.gradient.gstep[$0]) }
        return Curvature(hessian: h, scale: scale, up: function.up)
    }

    private func isShortOfMinimum(_ st: MinimumState, _ curvature: Curvature?) -> Bool {
        guard let curvature, curvature.verdict != .notFinite else { return false }
        if curvature.verdict == .notPositiveDefinite { return true }
        return MinimumState.edm(st.gradient.grad, curvature.v) > edmGoal
    }

    /// Values, errors, flags and validity from HESSE's state and the verdict on its matrix; returns the lower
    /// point the self-check found near the minimum, if any.
    private mutating func report(_ st: MinimumState, _ curvature: Curvature?) -> [Double]? {
        var honest = st
        let hasCovariance = curvature?.hasCovariance ?? false
        if let curvature, hasCovariance {
            honest.v = curvature.v
            honest.edm = MinimumState.edm(st.gradient.grad, curvature.v)
        }
        result.update(from: honest, transform: transform, up: function.up)
        let ne = result.values.count
        for i in 0..<transform.count where !hasCovariance || curvature?.unconstrained[i] == true {
            let e = transform.externalIndex[i]
            result.isUnconstrained[e] = hasCovariance
            result.errors[e] = .nan
            for k in 0..<ne where result.covariance[e * ne + k] != 0 || k == e {
                result.covariance[e * ne + k] = .nan
                result.covariance[k * ne + e] = .nan
            }
        }
        result.isHesseFailed = curvature == nil || curvature?.verdict == .notFinite
        result.hasMadePositiveDefinite = curvature?.verdict == .notPositiveDefinite
        result.hasSingularHessian = curvature?.verdict == .singular
        result.hasAccurateCovariance = hasCovariance
        result.hasReachedCallLimit = result.hasReachedCallLimit || st.status == .callLimit
        result.isAboveMaxEdm = result.isAboveMaxEdm || (hasCovariance && honest.edm > 10 * edmGoal)
        result.isOutsideDomain = !function.objective.isInDomain(result.values)
        let checked = (0..<transform.count).filter { curvature?.unconstrained[$0] == false }
        let check = hasCovariance && !result.isOutsideDomain
            ? ErrorCheck(function: function, allowedDrop: 10 * edmGoal)(
                q: st.q, v: honest.v, values: result.values, covariance: result.covariance, fval: st.fval, checked: checked)
            : .passed
        var lower: [Double]?
        if case let .lowerPointNearby(point) = check { lower = point }
        result.hasFailedErrorCheck = check == .curvatureMismatch
        result.hasLowerPointNearby = lower != nil
        result.failureReason = failureReason(st)
        result.isValid = result.failureReason == nil
        result.nfcn = function.nfcn
        result.ngrad = function.ngrad
        return lower
    }

    /// Why the fit is not valid, or nil.
    private func failureReason(_ st: MinimumState) -> String? {
        if !st.isFinite || st.status == .nonFinite { return Migrad.nanReason }
        if result.isOutsideDomain { return "the minimum is outside the objective's domain" }
        if result.hasReachedCallLimit { return "call limit reached" }
        if migradConverged == nil { return "no MIGRAD before HESSE" }
        if migradConverged == false { return result.failureReason ?? "MIGRAD did not converge" }
        if result.isHesseFailed { return "HESSE failed" }
        if result.hasMadePositiveDefinite { return "HESSE matrix not positive definite: not a minimum" }
        if result.isAboveMaxEdm { return "above max EDM" }
        if result.hasFailedErrorCheck { return "errors inconsistent with the curvature of the objective" }
        if result.hasLowerPointNearby { return "the objective falls below the minimum within one error" }
        return nil
    }

    /// Asymmetric errors for the given parameter indices (runs MIGRAD first when there is no minimum).
    /// Fixed parameters are skipped.
    @discardableResult
    public mutating func minos(_ indices: [Int]) -> FitResult {
        if minimum == nil { migrad() }
        guard let minimum else { return result }
        // Unconstrained parameters have no error to start the profile fits from: their start steps instead.
        let steps = result.errors.indices.map {
            result.errors[$0].isFinite ? result.errors[$0] : transform.parameters[$0].startStep
        }
        let minos = Minos(objective: function.objective, parameters: transform.parameters, minimum: minimum,
                          transform: transform, values: result.values, errors: steps, settings: settings)
        for i in indices where transform.externalIndex.contains(i) {
            guard !result.isUnconstrained[i] else {
                // No crossing exists where the objective does not depend on the parameter.
                result.minos[i] = MinosError(lower: .nan, upper: .nan, isValid: false, isLowerValid: false,
                                             isUpperValid: false, nfcn: 0)
                continue
            }
            let (error, ngrad) = minos(i)
            function.addCalls(nfcn: error.nfcn, ngrad: ngrad)
            result.minos[i] = verified(error, parameter: i)
        }
        result.nfcn = function.nfcn
        result.ngrad = function.ngrad
        return result
    }

    /// A MINOS end is where the profile (the others minimized) has risen by `up`, and the profile is never above
    /// the objective with the others held at the minimum: so there the objective with the others held must have
    /// risen by at least `up` (less a tenth for the crossing's tolerance). A crossing where it has not is
    /// impossible (a profile fit that failed unnoticed moved it: seen once in 2000 Crystal Ball toys, +5.8 for
    /// an error of 114): that side becomes NaN and invalid, never a reported error.
    private func verified(_ error: MinosError, parameter i: Int) -> MinosError {
        var checked = error
        func holds(_ offset: Double) -> Bool {
            var x = result.values
            x[i] += offset
            return function.value(external: x) - result.fval >= 0.9 * function.up
        }
        if checked.isUpperValid && !checked.upperAtLimit && !holds(checked.upper) {
            checked.upper = .nan
            checked.isUpperValid = false
        }
        if checked.isLowerValid && !checked.lowerAtLimit && !holds(checked.lower) {
            checked.lower = .nan
            checked.isLowerValid = false
        }
        checked.isValid = checked.isLowerValid && checked.isUpperValid
        return checked
    }
}
