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

    /// `constraintMeans`: a toy's measured means of the constrained parameters; nil for the configured ones. One
    /// channel is fitted with its own NLL, several with the sum of theirs.
    public func likelihood(for data: Dataset, constraintMeans: [Double]? = nil) -> any NegativeLogLikelihood {
        let bins = study.config.fit.bins
        let models = constraintMeans.map { study.channels(constraintMeans: $0) } ?? study.channels
        let channels = zip(models, data.channels).map { model, columns -> any NegativeLogLikelihood in
            if bins > 0 {
                return columns.count == 1 ? BinnedNLL(model: model, data: columns[0], bins: bins, pool: pool)
                                          : GridBinnedNLL(model: model, columns: columns, bins: bins)
            }
            return UnbinnedNLL(model: model, columns: columns, pool: pool)
        }
        return channels.count == 1 ? channels[0] : SimultaneousNLL(channels: channels)
    }

    /// The same for a one-channel, one-observable dataset.
    public func likelihood(for events: [Double], constraintMeans: [Double]? = nil) -> any NegativeLogLikelihood {
        likelihood(for: Dataset(events), constraintMeans: constraintMeans)
    }

    /// The same for a one-channel, one-observable dataset.
    public func fit(_ events: [Double], constraintMeans: [Double]? = nil) -> FitResult {
        fit(Dataset(events), constraintMeans: constraintMeans)
    }

    public func fit(_ data: Dataset, constraintMeans: [Double]? = nil) -> FitResult {
        fit(likelihood(for: data, constraintMeans: constraintMeans), from: study.fitParameters, minos: study.minosIndices)
    }

    /// MIGRAD (with iminuit's retry policy) and HESSE of `nll` from the start values, limits and fixed flags of
    /// `parameters`, then MINOS for `minos` if the fit is valid; the config's strategy, tolerance and gradient.
    public func fit(_ nll: any NegativeLogLikelihood, from parameters: [FitParameter], minos: [Int] = []) -> FitResult {
        let fitConfig = study.config.fit
        let objective = LikelihoodObjective(nll: nll, providesGradient: fitConfig.gradient == .analytic)
        let settings = MinimizerSettings(strategy: fitConfig.strategy, tolerance: fitConfig.tolerance,
                                         errorDefinition: 0.5, useGradient: fitConfig.gradient == .analytic)
        var minuit = Minuit(objective: objective, parameters: parameters, settings: settings)
        minuit.migrad()
        minuit.hesse()
        if !minos.isEmpty && minuit.result.isValid {
            minuit.minos(minos)
        }
        return minuit.result
    }
}
