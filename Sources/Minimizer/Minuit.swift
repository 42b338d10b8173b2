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
            minimum == nil ? transform.parameters[e].startStep : max(result.errors[e], Precision.eps2)
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

    /// HESSE at the last minimum (or at the start values before any MIGRAD). With an analytic gradient,
    /// a minimum whose covariance already is a HESSE at that point (MIGRAD's own verification) is reused
    /// instead of recomputed: same matrix, 2n gradient calls saved per fit.
    @discardableResult
    public mutating func hesse() -> FitResult {
        let strategy = Strategy(settings.strategy)
        let cache = settings.cacheHesseEvaluations
        let at = minimum ?? Seed(function: function, strategy: Strategy(min(strategy.level, 1)), cache: cache)(
            at: transform.initialInternal(), errors: currentSteps, covariance: nil)
        let st = at.isAnalyticHesse
            ? at : Hesse(function: function, strategy: strategy, cache: cache)(at, callLimit: nil)
        minimum = st
        result.update(from: st, transform: transform, up: function.up)
        result.hasReachedCallLimit = st.status == .callLimit
        result.isAboveMaxEdm = false
        result.isValid = st.status.isValid && st.isFinite && st.edm >= 0
        result.failureReason = result.isValid ? nil
            : st.status == .nonFinite || !st.isFinite ? Migrad.nanReason : "HESSE failed"
        result.nfcn = function.nfcn
        result.ngrad = function.ngrad
        return result
    }

    /// Asymmetric errors for the given parameter indices (runs MIGRAD first when there is no minimum).
    /// Fixed parameters are skipped.
    @discardableResult
    public mutating func minos(_ indices: [Int]) -> FitResult {
        if minimum == nil { migrad() }
        guard let minimum else { return result }
        let minos = Minos(objective: function.objective, parameters: transform.parameters, minimum: minimum,
                          transform: transform, values: result.values, errors: result.errors, settings: settings)
        for i in indices where transform.externalIndex.contains(i) {
            let (error, ngrad) = minos(i)
            function.addCalls(nfcn: error.nfcn, ngrad: ngrad)
            result.minos[i] = error
        }
        result.nfcn = function.nfcn
        result.ngrad = function.ngrad
        return result
    }
}
