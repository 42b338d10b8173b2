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

    public struct Component: Sendable, Equatable {
        public var name: String
        public var pdf: PDFKind
        public var yield: String
        /// Role of the pdf (e.g. "mu") to parameter name, in the pdf's role order.
        public var parameters: [(role: String, parameter: String)]

        public static func == (a: Component, b: Component) -> Bool {
            a.name == b.name && a.pdf == b.pdf && a.yield == b.yield
                && a.parameters.map(\.role) == b.parameters.map(\.role)
                && a.parameters.map(\.parameter) == b.parameters.map(\.parameter)
        }
    }

    public struct Toys: Sendable, Equatable {
        public var count: Int
        public var seed: UInt64

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
        /// 0: unbinned fit; otherwise the number of equal bins of a binned Poisson fit.
        public var bins: Int

        /// The most bins of a binned fit: 10^6. Each fitting thread holds the bin contents and edges (16 bytes a
        /// bin) and every likelihood call integrates every component over every bin, so 10^6 bins cost as much
        /// as an unbinned fit of 10^6 events or more; beyond that an unbinned fit is the cheaper one.
        public static let maximumBins = 1_000_000
    }

    /// The most events a toy may expect (the sum of the yields' true values): 10^9. A toy's events are held in
    /// memory while it is fitted, 8 bytes each per fitting thread, so 10^9 is 8 GB a thread.
    public static let maximumExpectedEvents = 1e9

    public var name: String
    public var observable: Observable
    public var parameters: [Parameter]
    public var model: [Component]
    public var toys: Toys
    public var fit: Fit
    public var output: String

    public func parameterIndex(_ name: String) -> Int? { parameters.firstIndex { $0.name == name } }
    public var freeParameterIndices: [Int] { parameters.indices.filter { !parameters[$0].fixed } }
}
