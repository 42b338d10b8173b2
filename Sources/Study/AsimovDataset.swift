import Likelihood

/// The Asimov dataset of a study: every channel's expected counts on fine bins of its observable, from the
/// pdfs' analytic integrals. Its fit returns the parameters it was made at, which is what the asymptotic
/// formulas (Cowan, Cranmer, Gross, Vitells 2011) and the expected errors without toys need; with bins narrower
/// than any pdf's structure it stands in for the unbinned fit. Bins take one observable per channel.
public struct AsimovDataset: Sendable {
    /// Bins per channel: narrower than any pdf's structure.
    public static let bins = 2000

    /// counts[channel][bin].
    public let counts: [[Double]]

    /// The dataset of `models` (one per channel) at `parameters`; nil when a channel has several observables or
    /// a shape lies outside its pdf's domain.
    public init?(models: [Model], parameters: [Double]) {
        guard models.allSatisfy({ $0.observables.count == 1 }) else { return nil }
        var counts: [[Double]] = []
        for model in models {
            guard let channel = model.asimovCounts(parameters: parameters, bins: Self.bins) else { return nil }
            counts.append(channel)
        }
        self.counts = counts
    }

    /// The expected events over all channels.
    public var eventCount: Double { counts.joined().reduce(0, +) }

    /// The binned NLL of this dataset under the fit models `models`, one per channel: a simultaneous fit's sum
    /// over channels when there are several.
    public func likelihood(models: [Model]) -> any NegativeLogLikelihood {
        let channels = zip(models, counts).map { model, counts -> any NegativeLogLikelihood in BinnedNLL(model: model, counts: counts) }
        return channels.count == 1 ? channels[0] : SimultaneousNLL(channels: channels)
    }
}
