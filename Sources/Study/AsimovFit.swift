import Likelihood
import Minimizer

extension PullExperiment {
    /// Bins of the Asimov dataset: narrower than any pdf's structure, so its binned fit stands in for the
    /// unbinned one.
    static let asimovBins = 2000

    /// The toy index of the Asimov row in toys.csv (`"toys": {"asimov": true}`).
    public static let asimovToy = -1

    /// The fit of the Asimov dataset (expected counts of the generation model at the truth, on fine bins), as
    /// every toy is fitted: the expected values and errors without toys. nil when the study has several channels
    /// or observables (refused when the config is read) or its truth is outside a pdf's domain.
    public func asimovFit() -> (fit: FitResult, counts: [Double])? {
        guard study.channels.count == 1, study.model.observables.count == 1,
              let counts = study.generation[0].asimovCounts(parameters: study.generationParameters(at: study.truth), bins: Self.asimovBins)
        else { return nil }
        let fit = fitter.fit(BinnedNLL(model: study.model, counts: counts), from: study.fitParameters, minos: study.minosIndices)
        return (fit, counts)
    }

    /// toys.csv's row of the Asimov fit: toy -1, its events the expected total and, per component, the expected
    /// yield (rounded); the alternatives fit the same dataset.
    func asimovRecord() -> [Double] {
        guard let (fit, counts) = asimovFit() else { preconditionFailure("asimov: refused when the config was read") }
        var result = ToyResult(toy: Self.asimovToy, events: Int(counts.reduce(0, +).rounded()), fit: fit, minosIndices: study.minosIndices)
        let point = study.generationParameters(at: study.truth)
        result.componentEvents = study.generation[0].components.map { Int(max(point[$0.yieldIndex], 0).rounded()) }
        result.alternatives = alternativeFitters.map { alternative in
            let fit = alternative.fit(BinnedNLL(model: alternative.study.model, counts: counts), from: alternative.study.fitParameters)
            return AlternativeFit(status: ToyStatus(fit, minosRequested: false), nll: fit.fval, values: fit.values, errors: fit.errors)
        }
        return record(result)
    }
}

/// What the summary says of the Asimov fit: its status and NLL, every parameter's value and error.
public struct AsimovSummary: Sendable {
    public var status: ToyStatus
    public var nll: Double
    public var parameters: [(name: String, value: Double, error: Double)]

    init(_ fit: ToyResult, names: [String]) {
        status = fit.status
        nll = fit.nll
        parameters = names.indices.map { (names[$0], fit.values[$0], fit.errors[$0]) }
    }
}
