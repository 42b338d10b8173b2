/// The pull-distribution table of a study: for every free parameter, over the valid toys, the mean fitted value,
/// the bias and the pull mean and width, each with its statistical error; and how many fits failed, and which.
public struct StudySummary: Sendable {
    public struct Parameter: Sendable {
        public var name: String
        public var truth: Double
        /// Valid toys with a finite pull.
        public var toysUsed: Int
        public var mean: Double
        public var bias: Double
        public var biasError: Double
        public var pullMean: Double
        public var pullMeanError: Double
        public var pullWidth: Double
        public var pullWidthError: Double
    }

    public var study: String
    public var toys: Int
    public var valid: Int
    public var failedToys: [Int]
    /// How many toys carry each status label ("ok", "invalid+above_max_edm", ...).
    public var statusCounts: [(label: String, count: Int)]
    public var parameters: [Parameter]

    public var failureRate: Double { toys > 0 ? Double(toys - valid) / Double(toys) : 0 }

    init(study: String, toys: Int, valid: Int, failedToys: [Int], statusCounts: [(label: String, count: Int)],
         parameters: [Parameter]) {
        self.study = study
        self.toys = toys
        self.valid = valid
        self.failedToys = failedToys
        self.statusCounts = statusCounts
        self.parameters = parameters
    }

    /// `results` in toy order; statistics are summed in that order, so the summary does not depend on which rank
    /// or thread finished first.
    public init(study: StudyModel, results: [ToyResult]) {
        self.init(study: study) { visit in results.forEach(visit) }
    }

    /// The summary of toys that `pass` reads one at a time, in toy order, calling `visit` for each: a streaming
    /// source (toys.csv) read twice, first for the means and then for the spreads about them. Memory does not grow
    /// with the toys, and the numbers are bit for bit those of the two-pass formulas over an array.
    public init(study: StudyModel, pass: ((ToyResult) -> Void) throws -> Void) rethrows {
        var accumulator = Accumulator(study: study)
        try pass { accumulator.addForMeans($0) }
        try pass { accumulator.addForSpreads($0) }
        self = accumulator.summary
    }
}
