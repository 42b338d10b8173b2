import Likelihood
import Minimizer

extension PullExperiment {
    /// The toy index of the Asimov row in toys.csv (`"toys": {"asimov": true}`).
    public static let asimovToy = -1

    /// The fit of the Asimov dataset (expected counts of the generation models at the truth, on fine bins of
    /// every channel), as every toy is fitted: the expected values and errors without toys. nil when the truth
    /// is outside a pdf's domain (refused when the config is read).
    public func asimovFit() -> (fit: FitResult, dataset: AsimovDataset)? {
        guard let asimov = AsimovDataset(models: study.generation, parameters: study.generationParameters(at: study.truth))
        else { return nil }
        let fit = fitter.fit(asimov.likelihood(models: study.channels), from: study.fitParameters, minos: study.minosIndices)
        return (fit, asimov)
    }

    /// toys.csv's row of the Asimov fit: toy -1, its events the expected total and, per channel and component,
    /// the expected yield (rounded); the alternatives fit the same dataset.
    func asimovRecord() -> [Double] {
        guard let (fit, asimov) = asimovFit() else { preconditionFailure("asimov: refused when the config was read") }
        var result = ToyResult(toy: Self.asimovToy, events: Int(asimov.eventCount.rounded()), fit: fit, minosIndices: study.minosIndices)
        let point = study.generationParameters(at: study.truth)
        result.componentEvents = study.generation.flatMap(\.components).map { Int(max(point[$0.yieldIndex], 0).rounded()) }
        result.alternatives = alternativeFitters.map { alternative in
            let fit = alternative.fit(asimov.likelihood(models: alternative.study.channels), from: alternative.study.fitParameters)
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
