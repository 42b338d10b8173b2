import Foundation
import Likelihood

/// A validated study: what to generate, how to fit, how many toys, where results go.
/// Built only through `StudyConfig.parse`, so every instance has passed validation.
public struct StudyConfig: Sendable, Equatable {
    public struct Observable: Sendable, Equatable {
        public var name: String
        public var min: Double
        public var max: Double
    }

    /// One model parameter: the truth used to generate toys and the settings of its fit.
    public struct Parameter: Sendable, Equatable {
        public var name: String
        /// The truth: toys are generated with it, pulls are measured against it.
        public var value: Double
        /// Where every fit starts (default: the truth).
        public var start: Double
        public var min: Double?
        public var max: Double?
        public var fixed: Bool
        /// The minimizer's initial step; nil lets it choose (1% of the start value, as iminuit does).
        public var step: Double?
        /// An external measurement of the parameter, added to the NLL as a Gaussian term.
        public var constraint: Constraint?
    }

    /// A Gaussian constraint 0.5 ((p - mean) / sigma)^2 from an auxiliary measurement. In toys the measured mean
    /// (the global observable) is generated anew around the truth, mean_toy ~ N(value, sigma), so constrained
    /// parameters get correct pulls; `toystudy fit` uses `mean` as given.
    public struct Constraint: Sendable, Equatable {
        public var mean: Double
        public var sigma: Double
    }

    /// One 1-D pdf of a component, on one observable.
    public struct Factor: Sendable, Equatable {
        public var observable: String
        public var pdf: FactorPDF
        /// Role of the pdf (e.g. "mu") to parameter name, in the pdf's role order.
        public var parameters: [(role: String, parameter: String)]

        public static func == (a: Factor, b: Factor) -> Bool {
            a.observable == b.observable && a.pdf == b.pdf && a.parameters.map(\.role) == b.parameters.map(\.role)
                && a.parameters.map(\.parameter) == b.parameters.map(\.parameter)
        }
    }

    /// A yield times a density: one pdf (`"pdf"`), or a product of one pdf per observable (`"product"`).
    public struct Component: Sendable, Equatable {
        public var name: String
        public var yield: String
        public var factors: [Factor]
        /// Given as `"product"` (written back that way).
        public var isProduct: Bool

        /// The (first) factor's pdf: a one-observable component's.
        public var pdf: FactorPDF { factors[0].pdf }
        /// Every factor's roles, one factor after the other.
        public var parameters: [(role: String, parameter: String)] { factors.flatMap(\.parameters) }
    }

    /// One channel of a simultaneous fit: its observables and its model. A config without `"channels"` is one
    /// channel with the empty name.
    public struct Channel: Sendable, Equatable {
        public var name: String
        public var observables: [Observable]
        public var model: [Component]
    }

    /// Toys generated with another model or other true values than the fit's (`"generate"`).
    public struct Generation: Sendable, Equatable {
        /// Replaces the fit model for generation (one-channel studies); nil: the fit model.
        public var model: [Component]?
        /// In a study with channels, the generation models of the channels that do not generate with their fit
        /// model (`generate.channels`), in the order given.
        public var channels: [ChannelModel] = []
        /// True values for generation only, overriding or adding to `parameters`, in config order.
        public var parameters: [GenerationValue]
    }

    public struct GenerationValue: Sendable, Equatable {
        public var name: String
        public var value: Double
    }

    public struct Toys: Sendable, Equatable {
        public var count: Int
        public var seed: UInt64
        /// false: each channel's total is fixed at its expected yields' sum, split multinomially (still fitted
        /// extended).
        public var poisson: Bool = true
        /// true: toys.csv gains toy -1, the fit of the Asimov dataset at the truth (the expected errors).
        public var asimov: Bool = false

        /// The most toys a study may have: 10^15, at a millisecond a toy 30,000 core-years, so no real study is
        /// refused, while toy indices stay exact as Doubles (below 2^53) in every column, message and sum.
        public static let maximumCount = 1_000_000_000_000_000
    }

    /// Which gradient MIGRAD uses: the likelihood's analytic one (default) or Minuit's finite differences.
    public enum Gradient: String, Sendable, Equatable { case analytic, numerical }

    public struct Fit: Sendable, Equatable {
        public var strategy: Int
        public var tolerance: Double
        /// Parameters that get MINOS errors; their pulls use the error on the side of the truth.
        public var minos: [String]
        public var gradient: Gradient
        /// 0: unbinned fit; otherwise the number of equal bins of a binned Poisson fit, on each observable (a grid
        /// of cells when a channel has several).
        public var bins: Int

        /// The most bins on each of `observables` observables: their grid holds at most `maximumBins` cells.
        public static func maximumBins(observables: Int) -> Int {
            var bins = Int(pow(Double(maximumBins), 1 / Double(observables)).rounded())
            while pow(Double(bins), Double(observables)) > Double(maximumBins) { bins -= 1 }
            return bins
        }

        /// The most bins of a binned fit: 10^6. Each fitting thread holds the bin contents and edges (16 bytes a
        /// bin) and every likelihood call integrates every component over every bin, so 10^6 bins cost as much
        /// as an unbinned fit of 10^6 events or more; beyond that an unbinned fit is the cheaper one.
        public static let maximumBins = 1_000_000
    }

    /// The most events a toy may expect (the sum of the yields' true values): 10^9. A toy's events are held in
    /// memory while it is fitted, 8 bytes each per fitting thread, so 10^9 is 8 GB a thread.
    public static let maximumExpectedEvents = 1e9

    public var name: String
    public var channels: [Channel]
    /// Given as `"channels"` (else as a top-level observable and model: one channel without a name).
    public var isSimultaneous: Bool
    public var parameters: [Parameter]
    public var generation: Generation?
    /// Further fits of every toy with other models (`"alternatives"`).
    public var alternatives: [Alternative] = []
    public var toys: Toys
    public var fit: Fit
    public var output: String

    /// The first channel's first observable: a 1-D study's.
    public var observable: Observable { channels[0].observables[0] }
    /// The first channel's model: a one-channel study's.
    public var model: [Component] { channels[0].model }

    public func parameterIndex(_ name: String) -> Int? { parameters.firstIndex { $0.name == name } }
    public var freeParameterIndices: [Int] { parameters.indices.filter { !parameters[$0].fixed } }
}
