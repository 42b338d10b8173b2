import Foundation
import Testing
@testable import Study

/// The statistics of the study report, each against something computed independently of the code under test:
/// closed forms, tabulated values of the Kolmogorov distribution, counts made by hand.
@Suite struct SummaryStatisticsTests {
    /// A valid toy of the seed study whose mu pull is `pull` (HESSE error 0.0214, truth 5) and whose ns is `ns`.
    func toy(_ index: Int, muPull pull: Double, ns: Double = 1973.1) -> ToyResult {
        var result = sampleResult(toy: index)
        result.values[2] = 5.0 + pull * result.errors[2]
        result.values[0] = ns
        return result
    }

    @Test func countsCoverageOutliersMedianAndLimits() throws {
        let pulls = [0.5, -0.9, 1.5, -2.5, 6, 0.99, -1.02]
        // ns = 10 is within half its error (89.1) of its lower limit 0: at the limit, as the minimizer judges.
        let results = pulls.enumerated().map { toy($0, muPull: $1, ns: $0 == 3 ? 10 : 1973.1) }
        let summary = StudySummary(study: try seedPeakStudy(), results: results)
        let mu = summary.parameters[2], ns = summary.parameters[0]
        #expect(abs(mu.coverage1Sigma - 3.0 / 7) < 1e-12)
        #expect(abs(mu.coverage1SigmaError - (3.0 / 7 * 4 / 7 / 7).squareRoot()) < 1e-12)
        #expect(abs(mu.coverage2Sigma - 5.0 / 7) < 1e-12)
        #expect(mu.pullOutliers == 1)
        #expect(abs(mu.pullMedian - 0.5) < 1e-12, "the middle of -2.5 -1.02 -0.9 0.5 0.99 1.5 6")
        #expect(ns.atLimit == 1 && mu.atLimit == 0)
        let even = StudySummary(study: try seedPeakStudy(), results: Array(results.prefix(4))).parameters[2]
        #expect(abs(even.pullMedian - (-0.2)) < 1e-12, "the mean of the middle two of -2.5 -0.9 0.5 1.5")
    }

    @Test func minosCoverageCountsIntervalsThatHoldTheTruth() throws {
        // mu = 5.01 with [-0.021, +0.023] holds 5; mu = 5.03 does not; NaN ends are not an interval.
        let ends: [(Double, Double, Double)] = [(5.01, -0.021, 0.023), (5.03, -0.021, 0.023), (4.99, -0.021, 0.023), (5.0, .nan, 0.02)]
        let results = ends.enumerated().map { index, end in
            var result = sampleResult(toy: index, minos: true)
            (result.values[2], result.minosLower[2], result.minosUpper[2]) = end
            return result
        }
        let summary = StudySummary(study: try seedPeakStudy(minos: ["mu"]), results: results)
        #expect(summary.parameters[2].minosCoverage1Sigma == 2.0 / 3)
        #expect(summary.parameters[0].minosCoverage1Sigma == nil, "ns has no MINOS errors")
    }

    /// The ML Gaussian fit has a closed form: mean m, width sqrt(S / n), HESSE errors width / sqrt(n) and
    /// width / sqrt(2n). MIGRAD starts at N(0, 1) and must get there, also for widths far from 1.
    @Test(arguments: [(2000, 0.03, 2050.0), (500, -1.7, 20.0), (10_000, 0.4, 250_000.0)])
    func gaussianPullFitMatchesTheClosedForm(count: Int, mean: Double, squares: Double) {
        let fit = GaussianPullFit.fit(count: count, mean: mean, squaredDeviations: squares)
        let n = Double(count), width = (squares / n).squareRoot()
        #expect(abs(fit.mean - mean) < 0.02 * width / n.squareRoot(), "mean \(fit.mean)")
        #expect(abs(fit.width - width) < 0.02 * width / (2 * n).squareRoot(), "width \(fit.width) vs \(width)")
        #expect(abs(fit.meanError / (width / n.squareRoot()) - 1) < 1e-3, "mean error \(fit.meanError)")
        #expect(abs(fit.widthError / (width / (2 * n).squareRoot()) - 1) < 1e-3, "width error \(fit.widthError)")
    }

    /// Large-n p-values at the tabulated quantiles of the Kolmogorov distribution (K = 0.8276, 1.2238, 1.3581,
    /// 1.6276 for 0.5, 0.10, 0.05, 0.01; 0.5 and 1.0 from the series), both sides of the switch between series.
    @Test func kolmogorovPValuesMatchTheTables() {
        let n = 1_000_000_000_000
        let root = Double(n).squareRoot()
        for (lambda, p) in [(0.5, 0.96395), (0.8276, 0.5), (1.0, 0.27), (1.2238, 0.10), (1.3581, 0.05), (1.6276, 0.01)] {
            let value = PullOrderStatistics.kolmogorovPValue(distance: lambda / (root + 0.12 + 0.11 / root), count: n)
            #expect(abs(value - p) < 2e-4, "lambda \(lambda): \(value) vs \(p)")
        }
    }

    /// D for the pulls -1 and 1: F_n steps to 1/2 at -1 and to 1 at 1, so D = Phi(1) - 1/2 = 0.341345.
    @Test func kolmogorovDistanceOfTwoPulls() {
        var order = PullOrderStatistics(count: 2)
        order.add(-1)
        order.add(1)
        #expect(abs(order.distance - 0.3413447460685429) < 1e-12)
        #expect(order.median == 0)
    }

    /// Pulls spilled in runs of three and merged back give the summary of the in-memory sort, bit for bit.
    @Test func spilledPullsGiveTheInMemorySummary() throws {
        let study = try seedPeakStudy()
        let pulls = (0..<50).map { sin(Double($0) * 12.9898) * 2.5 }
        let results = pulls.enumerated().map { toy($0, muPull: $1) }
        var accumulator = StudySummary.Accumulator(study: study, pullRunLength: 3)
        results.forEach { accumulator.addForMeans($0) }
        results.forEach { accumulator.addForSpreads($0) }
        let spilled = try accumulator.summary.parameters[2], inMemory = StudySummary(study: study, results: results).parameters[2]
        #expect(spilled.pullMedian.bitPattern == inMemory.pullMedian.bitPattern)
        #expect(spilled.pullNormalityP.bitPattern == inMemory.pullNormalityP.bitPattern)
        #expect(abs(inMemory.pullMedian - pulls.sorted()[24...25].reduce(0, +) / 2) < 1e-12)
    }

    @Test func sortedPullsMergeManyRuns() throws {
        let values = (0..<1000).map { Double(($0 * 7919) % 1009) - 500.5 }
        let sorter = SortedPulls(runLength: 7)
        values.forEach(sorter.append)
        var merged: [Double] = []
        try sorter.forEachInOrder { merged.append($0) }
        #expect(merged == values.sorted())
    }

    @Test func errorRatioComparesMeanErrorWithSpread() throws {
        let pulls = [-1.2, 0.3, 0.8, -0.4, 1.1, -0.6]
        let summary = StudySummary(study: try seedPeakStudy(), results: pulls.enumerated().map { toy($0, muPull: $1) })
        let mu = summary.parameters[2]
        let values = pulls.map { 5.0 + $0 * 0.0214 }, mean = values.reduce(0, +) / 6
        let rms = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5).squareRoot()
        #expect(abs(mu.valueRMS - rms) < 1e-15 && abs(mu.errorMean - 0.0214) < 1e-15)
        #expect(abs(mu.errorRatio - 0.0214 / rms) < 1e-12)
        // All errors equal: only the spread's relative error 1 / sqrt(2 (n - 1)) remains.
        #expect(abs(mu.errorRatioError - mu.errorRatio / 10.0.squareRoot()) < 1e-12)
    }

    /// Fitted values of ns and mu move together in these toys (both grow with the toy index), nb never moves.
    @Test func correlationsOfFittedValues() throws {
        let results = (0..<5).map { toy($0, muPull: Double($0), ns: 1900 + 10 * Double($0 * $0)) }
        let c = StudySummary(study: try seedPeakStudy(), results: results).correlations
        #expect(c.count == 5 && c.allSatisfy { $0.count == 5 })
        // x = 0...4 against x^2: deviations from the means 2 and 6.
        let dx: [Double] = [-2, -1, 0, 1, 2], dy: [Double] = [-6, -5, -2, 3, 10]
        let products: Double = zip(dx, dy).map { $0 * $1 }.reduce(0, +)
        let squares: Double = dx.map { $0 * $0 }.reduce(0, +) * dy.map { $0 * $0 }.reduce(0, +)
        let r = products / squares.squareRoot()
        #expect(abs(c[0][2] - r) < 1e-12 && abs(c[2][0] - r) < 1e-12)
        #expect(abs(c[0][0] - 1) < 1e-12)
        #expect(c[1][1].isNaN, "a value that never varies has no correlation")
    }

    /// The Particle Data Group's rounding: the error's three leading digits decide how many digits it keeps.
    @Test(arguments: [(1.23456, 0.0123, "1.235", "0.012"), (1.23456, 0.0456, "1.23", "0.05"),
                      (1.23456, 0.0987, "1.23", "0.10"), (1973.1, 89.1, "1970", "90"), (0.3, 0.354, "0.30", "0.35"),
                      (0.3, 0.355, "0.3", "0.4"), (-0.0001, 0.0213, "0.000", "0.021"), (10003.2, 2.29, "10003.2", "2.3")])
    func measurementsKeepTheErrorsDigits(value: Double, error: Double, text: String, errorText: String) {
        let rounded = Measurement(value: value, error: error).rounded
        #expect(rounded.value == text && rounded.error == errorText)
    }

    @Test func checkNamesEachFailingQuantityAndByHowMuch() throws {
        var summary = StudySummary(study: try seedPeakStudy(), results: (0..<4).map { sampleResult(toy: $0) })
        for k in summary.parameters.indices {
            summary.parameters[k].pullMean = 0
            summary.parameters[k].pullMeanError = 0.02
            summary.parameters[k].pullWidth = 1
            summary.parameters[k].pullWidthError = 0.02
            summary.parameters[k].coverage1Sigma = 0.68
            summary.parameters[k].coverage1SigmaError = 0.01
        }
        #expect(summary.checkFailures(sigma: 3).isEmpty)
        summary.parameters[2].pullWidth = 1.25
        summary.parameters[2].coverage1Sigma = 0.58
        let failures = summary.checkFailures(sigma: 3)
        #expect(failures == ["mu: pull width 1.250 ± 0.020 is 12.5 sigma above 1; 1-sigma coverage 0.580 ± 0.010 is 10.3 sigma below 0.6827"])
        #expect(summary.checkFailures(sigma: 13).count == 0)
    }

    @Test func latexIsABooktabsTabularWithEscapedNames() throws {
        var config = try StudyConfig.parse(seedPeakConfig.replacingOccurrences(of: "\"ns\"", with: "\"n_sig\""))
        config.fit.minos = []
        let latex = StudySummary(study: StudyModel(config: config), results: (0..<3).map { sampleResult(toy: $0) }).latex
        for piece in ["\\begin{tabular}{l", "\\toprule", "\\midrule", "\\bottomrule", "\\end{tabular}", "n\\_sig & "] {
            #expect(latex.contains(piece), "\(piece) missing from\n\(latex)")
        }
        #expect(!latex.contains("n_sig"))
    }
}
