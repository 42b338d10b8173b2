import Foundation

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

    /// `results` in toy order; statistics are summed in that order, so the summary does not depend on which rank
    /// or thread finished first.
    public init(study: StudyModel, results: [ToyResult]) {
        self.study = study.config.name
        toys = results.count
        let used = results.filter(\.isValid)
        valid = used.count
        failedToys = results.filter { !$0.isValid }.map(\.toy)
        var counts: [String: Int] = [:]
        for result in results { counts[result.status.label, default: 0] += 1 }
        statusCounts = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
        parameters = study.config.freeParameterIndices.map { index in
            let truth = study.truth[index]
            let rows = used.filter { $0.pull(index, truth: truth).isFinite }
            let values = rows.map { $0.values[index] }
            let pulls = rows.map { $0.pull(index, truth: truth) }
            let (mean, spread) = Self.meanAndStandardDeviation(values)
            let (pullMean, pullWidth) = Self.meanAndStandardDeviation(pulls)
            let n = Double(rows.count)
            return Parameter(name: study.config.parameters[index].name, truth: truth, toysUsed: rows.count, mean: mean,
                             bias: mean - truth, biasError: spread / n.squareRoot(),
                             pullMean: pullMean, pullMeanError: pullWidth / n.squareRoot(),
                             pullWidth: pullWidth, pullWidthError: pullWidth / (2 * (n - 1)).squareRoot())
        }
    }

    /// Two-pass mean and sample standard deviation (n - 1); NaN where undefined.
    static func meanAndStandardDeviation(_ x: [Double]) -> (Double, Double) {
        guard !x.isEmpty else { return (.nan, .nan) }
        let mean = x.reduce(0, +) / Double(x.count)
        guard x.count > 1 else { return (mean, .nan) }
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
        return (mean, variance.squareRoot())
    }
}
