extension StudySummary {
    /// Sums for the summary over toys given one at a time in toy order, in two passes: the first sums values and
    /// pulls for the means, the second the squared deviations about those means (the two-pass variance, which
    /// keeps its precision where a one-pass formula would cancel). Memory is a few numbers per parameter, plus the
    /// indices of the failed toys, which summary.json lists.
    struct Accumulator {
        /// Sums of one free parameter over the valid toys with a finite pull.
        struct Sums {
            var index: Int
            var truth: Double
            var used = 0
            var values = 0.0, pulls = 0.0
            var valueDeviations = 0.0, pullDeviations = 0.0

            var meanValue: Double { values / Double(used) }
            var meanPull: Double { pulls / Double(used) }
        }

        let study: StudyModel
        var toys = 0
        var valid = 0
        var failedToys: [Int] = []
        var statusCounts: [String: Int] = [:]
        var parameters: [Sums]

        init(study: StudyModel) {
            self.study = study
            parameters = study.config.freeParameterIndices.map { Sums(index: $0, truth: study.truth[$0]) }
        }

        mutating func addForMeans(_ result: ToyResult) {
            toys += 1
            statusCounts[result.status.label, default: 0] += 1
            guard result.isValid else {
                failedToys.append(result.toy)
                return
            }
            valid += 1
            for k in parameters.indices {
                let pull = result.pull(parameters[k].index, truth: parameters[k].truth)
                guard pull.isFinite else { continue }
                parameters[k].used += 1
                parameters[k].values += result.values[parameters[k].index]
                parameters[k].pulls += pull
            }
        }

        mutating func addForSpreads(_ result: ToyResult) {
            guard result.isValid else { return }
            for k in parameters.indices {
                let pull = result.pull(parameters[k].index, truth: parameters[k].truth)
                guard pull.isFinite else { continue }
                let value = result.values[parameters[k].index] - parameters[k].meanValue
                let deviation = pull - parameters[k].meanPull
                parameters[k].valueDeviations += value * value
                parameters[k].pullDeviations += deviation * deviation
            }
        }

        var summary: StudySummary {
            let counts = statusCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            return StudySummary(study: study.config.name, toys: toys, valid: valid, failedToys: failedToys,
                                statusCounts: counts.map { ($0.key, $0.value) }, parameters: parameters.map(parameter))
        }

        private func parameter(_ sums: Sums) -> Parameter {
            let n = Double(sums.used)
            let mean = sums.used > 0 ? sums.meanValue : .nan, pullMean = sums.used > 0 ? sums.meanPull : .nan
            let spread = standardDeviation(sums.valueDeviations, sums.used)
            let pullWidth = standardDeviation(sums.pullDeviations, sums.used)
            return Parameter(name: study.config.parameters[sums.index].name, truth: sums.truth, toysUsed: sums.used,
                             mean: mean, bias: mean - sums.truth, biasError: spread / n.squareRoot(),
                             pullMean: pullMean, pullMeanError: pullWidth / n.squareRoot(),
                             pullWidth: pullWidth, pullWidthError: pullWidth / (2 * (n - 1)).squareRoot())
        }

        /// Sample standard deviation (n - 1) from the sum of squared deviations; NaN below two toys.
        private func standardDeviation(_ squares: Double, _ n: Int) -> Double {
            n > 1 ? (squares / Double(n - 1)).squareRoot() : .nan
        }
    }
}
