import Likelihood
import Minimizer

/// The one fit every toy gets, and `toystudy fit` gives a user's real data: MIGRAD (with iminuit's retry policy),
/// HESSE, then MINOS for the parameters the config lists, from the config's start values.
public struct DatasetFitter: Sendable {
    public let study: StudyModel
    /// Threads inside one likelihood call; nil when toys are parallelised instead (the cheaper choice).
    public let pool: WorkerPool?

    public init(study: StudyModel, pool: WorkerPool? = nil) {
        self.study = study
        self.pool = pool
    }

    public func likelihood(for data: [Double]) -> any NegativeLogLikelihood {
        let bins = study.config.fit.bins
        return bins > 0
            ? BinnedNLL(model: study.model, data: data, bins: bins, pool: pool)
            : UnbinnedNLL(model: study.model, data: data, pool: pool)
    }

    public func fit(_ data: [Double]) -> FitResult {
        let fitConfig = study.config.fit
        let objective = LikelihoodObjective(nll: likelihood(for: data), providesGradient: fitConfig.gradient == .analytic)
        let settings = MinimizerSettings(strategy: fitConfig.strategy, tolerance: fitConfig.tolerance,
                                         errorDefinition: 0.5, useGradient: fitConfig.gradient == .analytic)
        var minuit = Minuit(objective: objective, parameters: study.fitParameters, settings: settings)
        minuit.migrad()
        minuit.hesse()
        if !study.minosIndices.isEmpty && minuit.result.isValid {
            minuit.minos(study.minosIndices)
        }
        return minuit.result
    }
}
