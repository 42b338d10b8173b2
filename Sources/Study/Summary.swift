/// The pull-distribution report of a study: for every free parameter, over the valid toys, the mean fitted value,
/// the bias, the pull mean and width (sample moments and RooMCStudy's Gaussian fit), the median, the coverage of
/// the error intervals, whether the errors match the spread of the values, a normality test and the toys at a
/// limit; the correlations of the fitted values; and how many fits failed, and which. summary.json, summary.md,
/// summary.tex, summary.csv and the terminal table are all views of this one value.
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
        /// Unbinned maximum-likelihood Gaussian fit to the pulls (toystudy's MIGRAD + HESSE).
        public var pullFitMean = Double.nan
        public var pullFitMeanError = Double.nan
        public var pullFitWidth = Double.nan
        public var pullFitWidthError = Double.nan
        public var pullMedian = Double.nan
        /// Toys with |pull| > 5: tails a Gaussian fit and an RMS hide or blow up.
        public var pullOutliers = 0
        /// Fraction of toys with |pull| < 1 (0.6827 for right errors), binomial error.
        public var coverage1Sigma = Double.nan
        public var coverage1SigmaError = Double.nan
        public var coverage2Sigma = Double.nan
        public var coverage2SigmaError = Double.nan
        /// For MINOS parameters: fraction of toys whose MINOS interval holds the truth; nil without MINOS.
        public var minosCoverage1Sigma: Double?
        public var minosCoverage1SigmaError: Double?
        /// Mean HESSE error, spread (sample standard deviation) of the fitted values, and their ratio: 1 when the
        /// errors say how much the values scatter.
        public var errorMean = Double.nan
        public var valueRMS = Double.nan
        public var errorRatio = Double.nan
        public var errorRatioError = Double.nan
        /// Kolmogorov-Smirnov p-value of the pulls against N(0, 1).
        public var pullNormalityP = Double.nan
        /// Valid toys whose fitted value is within half an error of one of the parameter's limits (the
        /// minimizer's at_limit criterion).
        public var atLimit = 0
    }

    public var study: String
    public var toys: Int
    public var valid: Int
    public var failedToys: [Int]
    /// How many toys carry each status label ("ok", "invalid+above_max_edm", ...).
    public var statusCounts: [(label: String, count: Int)]
    public var parameters: [Parameter]
    /// Correlation matrix of the fitted values over the valid toys, rows and columns ordered as `parameters`.
    public var correlations: [[Double]]
    /// The alternative models' shifts of the shared parameters (`"alternatives"`).
    public var shifts: [AlternativeShift] = []
    /// The fit of the Asimov dataset (`"toys": {"asimov": true}`): the expected values and errors.
    public var asimov: AsimovSummary?

    public var failureRate: Double { toys > 0 ? Double(toys - valid) / Double(toys) : 0 }

    init(study: String, toys: Int, valid: Int, failedToys: [Int], statusCounts: [(label: String, count: Int)],
         parameters: [Parameter], correlations: [[Double]]) {
        self.study = study
        self.toys = toys
        self.valid = valid
        self.failedToys = failedToys
        self.statusCounts = statusCounts
        self.parameters = parameters
        self.correlations = correlations
    }

    /// `results` in toy order; statistics are summed in that order, so the summary does not depend on which rank
    /// or thread finished first. The results are in memory already, so their pulls are sorted in memory too.
    public init(study: StudyModel, results: [ToyResult]) {
        var accumulator = Accumulator(study: study, pullRunLength: nil)
        results.forEach { accumulator.addForMeans($0) }
        results.forEach { accumulator.addForSpreads($0) }
        do {
            self = try accumulator.summary
        } catch {
            preconditionFailure("pulls sorted in memory touch no file, so they cannot fail: \(error)")
        }
    }

    /// The summary of toys that `pass` reads one at a time, in toy order, calling `visit` for each: a streaming
    /// source (toys.csv) read twice, first for the means and then for the spreads about them. Memory does not grow
    /// with the toys (the pulls, which the median and the normality test need in order, are sorted in runs on
    /// disk), and the numbers are bit for bit those of the two-pass formulas over an array.
    public init(study: StudyModel, pass: ((ToyResult) -> Void) throws -> Void) throws {
        var accumulator = Accumulator(study: study)
        try pass { accumulator.addForMeans($0) }
        try pass { accumulator.addForSpreads($0) }
        self = try accumulator.summary
    }
}
