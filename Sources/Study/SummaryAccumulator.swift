import Foundation

extension StudySummary {
    /// Sums for the summary over toys given one at a time in toy order, in two passes: the first sums values,
    /// pulls and errors for the means, counts coverage, outliers and limits, and hands the pulls to an external
    /// sort; the second sums the squared deviations about those means (the two-pass variance, which keeps its
    /// precision where a one-pass formula would cancel) and the cross products of the values for the
    /// correlations. Memory is a few numbers per parameter, the sort's buffers and the indices of the failed
    /// toys, which summary.json lists.
    struct Accumulator {
        /// Sums of one free parameter over the valid toys with a finite pull.
        struct Sums {
            var index: Int
            var truth: Double
            var lower: Double?, upper: Double?
            var used = 0
            var values = 0.0, pulls = 0.0, errors = 0.0
            var within1Sigma = 0, within2Sigma = 0, outliers = 0, atLimit = 0
            /// MINOS: valid toys with both ends, and how many of those intervals hold the truth; nil without MINOS.
            var minos: (used: Int, covered: Int)?
            var valueDeviations = 0.0, pullDeviations = 0.0, errorDeviations = 0.0
            let sortedPulls: SortedPulls

            var meanValue: Double { values / Double(used) }
            var meanPull: Double { pulls / Double(used) }
            var meanError: Double { errors / Double(used) }
        }

        let study: StudyModel
        var toys = 0
        var valid = 0
        var failedToys: [Int] = []
        var statusCounts: [String: Int] = [:]
        var parameters: [Sums]
        var correlations: CorrelationSums

        /// Pulls go to disk in runs that together hold 2 MB for all parameters (sorting a run borrows as much
        /// again), so the summary adds a few MB to rank 0 whatever the number of toys.
        init(study: StudyModel) {
            let free = study.config.freeParameterIndices.count
            self.init(study: study, pullRunLength: max(1 << 13, (1 << 18) / max(free, 1)))
        }

        /// `pullRunLength`: pulls per parameter sorted in memory before a run goes to disk; nil: never.
        init(study: StudyModel, pullRunLength: Int?) {
            self.study = study
            let free = study.config.freeParameterIndices
            parameters = free.map { index in
                let setting = study.fitParameters[index]
                return Sums(index: index, truth: study.truth[index], lower: setting.lower, upper: setting.upper,
                            minos: study.minosIndices.contains(index) ? (0, 0) : nil,
                            sortedPulls: SortedPulls(runLength: pullRunLength))
            }
            correlations = CorrelationSums(indices: free)
        }

        mutating func addForMeans(_ result: ToyResult) {
            toys += 1
            statusCounts[result.status.label, default: 0] += 1
            guard result.isValid else {
                failedToys.append(result.toy)
                return
            }
            valid += 1
            correlations.addForMeans(result.values)
            for k in parameters.indices { parameters[k].addForMeans(result) }
        }

        mutating func addForSpreads(_ result: ToyResult) {
            guard result.isValid else { return }
            correlations.addForSpreads(result.values)
            for k in parameters.indices { parameters[k].addForSpreads(result) }
        }

        var summary: StudySummary {
            get throws {
                let counts = statusCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                return StudySummary(study: study.config.name, toys: toys, valid: valid, failedToys: failedToys,
                                    statusCounts: counts.map { ($0.key, $0.value) },
                                    parameters: try parameters.map { try parameter($0) },
                                    correlations: correlations.matrix)
            }
        }

        private func parameter(_ sums: Sums) throws -> Parameter {
            let n = Double(sums.used)
            let mean = sums.used > 0 ? sums.meanValue : .nan, pullMean = sums.used > 0 ? sums.meanPull : .nan
            let spread = standardDeviation(sums.valueDeviations, sums.used)
            let pullWidth = standardDeviation(sums.pullDeviations, sums.used)
            var p = Parameter(name: study.config.parameters[sums.index].name, truth: sums.truth, toysUsed: sums.used,
                              mean: mean, bias: mean - sums.truth, biasError: spread / n.squareRoot(),
                              pullMean: pullMean, pullMeanError: pullWidth / n.squareRoot(),
                              pullWidth: pullWidth, pullWidthError: pullWidth / (2 * (n - 1)).squareRoot())
            let fit = GaussianPullFit.fit(count: sums.used, mean: pullMean, squaredDeviations: sums.pullDeviations)
            (p.pullFitMean, p.pullFitMeanError, p.pullFitWidth, p.pullFitWidthError) = (fit.mean, fit.meanError, fit.width, fit.widthError)
            var order = PullOrderStatistics(count: sums.used)
            try sums.sortedPulls.forEachInOrder { order.add($0) }
            p.pullMedian = order.median
            p.pullNormalityP = order.normalityP
            p.pullOutliers = sums.outliers
            (p.coverage1Sigma, p.coverage1SigmaError) = Self.binomial(sums.within1Sigma, of: sums.used)
            (p.coverage2Sigma, p.coverage2SigmaError) = Self.binomial(sums.within2Sigma, of: sums.used)
            if let minos = sums.minos {
                let coverage = Self.binomial(minos.covered, of: minos.used)
                (p.minosCoverage1Sigma, p.minosCoverage1SigmaError) = (coverage.fraction, coverage.error)
            }
            p.errorMean = sums.used > 0 ? sums.meanError : .nan
            p.valueRMS = spread
            p.errorRatio = p.errorMean / spread
            // Relative errors of the mean error and of the spread, added in quadrature (their correlation, which
            // vanishes for errors that do not depend on the value, is neglected).
            let errorSpread = standardDeviation(sums.errorDeviations, sums.used)
            let relativeMean = errorSpread / (n.squareRoot() * p.errorMean), relativeSpread = 1 / (2 * (n - 1)).squareRoot()
            p.errorRatioError = p.errorRatio * (relativeMean * relativeMean + relativeSpread * relativeSpread).squareRoot()
            p.atLimit = sums.atLimit
            return p
        }

        /// Sample standard deviation (n - 1) from the sum of squared deviations; NaN below two toys.
        private func standardDeviation(_ squares: Double, _ n: Int) -> Double {
            n > 1 ? (squares / Double(n - 1)).squareRoot() : .nan
        }

        /// A fraction with its binomial error sqrt(p (1 - p) / n); NaN without trials.
        private static func binomial(_ successes: Int, of trials: Int) -> (fraction: Double, error: Double) {
            guard trials > 0 else { return (.nan, .nan) }
            let fraction = Double(successes) / Double(trials)
            return (fraction, (fraction * (1 - fraction) / Double(trials)).squareRoot())
        }
    }
}

extension StudySummary.Accumulator.Sums {
    mutating func addForMeans(_ result: ToyResult) {
        let pull = result.pull(index, truth: truth)
        guard pull.isFinite else { return }
        let value = result.values[index], error = result.errors[index]
        used += 1
        values += value
        pulls += pull
        errors += error
        if abs(pull) < 1 { within1Sigma += 1 }
        if abs(pull) < 2 { within2Sigma += 1 }
        if abs(pull) > 5 { outliers += 1 }
        let distance = min(lower.map { value - $0 } ?? .infinity, upper.map { $0 - value } ?? .infinity)
        if distance < 0.5 * error { atLimit += 1 }
        if let counts = minos {
            let low = result.minosLower[index], high = result.minosUpper[index]
            if low.isFinite && high.isFinite {
                minos = (counts.used + 1, counts.covered + (value + low <= truth && truth <= value + high ? 1 : 0))
            }
        }
        sortedPulls.append(pull)
    }

    mutating func addForSpreads(_ result: ToyResult) {
        let pull = result.pull(index, truth: truth)
        guard pull.isFinite else { return }
        let value = result.values[index] - meanValue, deviation = pull - meanPull
        let error = result.errors[index] - meanError
        valueDeviations += value * value
        pullDeviations += deviation * deviation
        errorDeviations += error * error
    }
}
