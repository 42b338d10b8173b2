import Foundation
import Likelihood

/// The Asimov dataset of a study: every channel's expected counts on fine bins of its observables (a grid when
/// a channel has several), from the pdfs' analytic integrals. Its fit returns the parameters it was made at,
/// which is what the asymptotic formulas (Cowan, Cranmer, Gross, Vitells 2011) and the expected errors without
/// toys need; with bins narrower than any pdf's structure it stands in for the unbinned fit.
public struct AsimovDataset: Sendable {
    /// Bins of a one-observable channel: narrower than any pdf's structure.
    public static let bins = 2000
    /// The most cells of a channel's grid: 316 bins on each of two observables, 46 on each of three. A fit of
    /// the grid costs cells x components per call, so the Asimov fits of a limit take seconds.
    public static let maximumCells = 100_000

    /// counts[channel][bin or cell].
    public let counts: [[Double]]

    /// Bins per observable for a channel of `observables` observables.
    public static func bins(observables: Int) -> Int {
        observables == 1 ? bins : Int(pow(Double(maximumCells), 1 / Double(observables)).rounded(.down))
    }

    /// The dataset of `models` (one per channel) at `parameters`; nil when a shape lies outside its pdf's domain.
    public init?(models: [Model], parameters: [Double]) {
        var counts: [[Double]] = []
        for model in models {
            guard let channel = model.asimovCounts(parameters: parameters, bins: Self.bins(observables: model.observables.count))
            else { return nil }
            counts.append(channel)
        }
        self.counts = counts
    }

    /// The expected events over all channels.
    public var eventCount: Double { counts.joined().reduce(0, +) }

    /// The binned NLL of this dataset under the fit models `models`, one per channel: a simultaneous fit's sum
    /// over channels when there are several.
    public func likelihood(models: [Model]) -> any NegativeLogLikelihood {
        let channels = zip(models, counts).map { model, counts -> any NegativeLogLikelihood in
            model.observables.count == 1
                ? BinnedNLL(model: model, counts: counts)
                : GridBinnedNLL(model: model, counts: counts, bins: Self.bins(observables: model.observables.count))
        }
        return channels.count == 1 ? channels[0] : SimultaneousNLL(channels: channels)
    }
}
