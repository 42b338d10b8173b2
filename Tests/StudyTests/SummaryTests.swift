import Testing
@testable import Study

@Suite struct SummaryTests {
    @Test func pullStatisticsOverValidToysOnly() throws {
        let study = try seedPeakStudy()
        // ns values 1973.1 + toy; toy 2 failed and must not count.
        let results = (0..<5).map { sampleResult(toy: $0, valid: $0 != 2) }
        let summary = StudySummary(study: study, results: results)
        #expect(summary.toys == 5 && summary.valid == 4 && summary.failedToys == [2])
        #expect(abs(summary.failureRate - 0.2) < 1e-15)
        let ns = summary.parameters[0]
        #expect(ns.toysUsed == 4)
        let values = [0.0, 1, 3, 4].map { 1973.1 + $0 }
        let mean = values.reduce(0, +) / 4
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
        #expect(abs(ns.mean - mean) < 1e-9)
        #expect(abs(ns.bias - (mean - 2000)) < 1e-9)
        #expect(abs(ns.biasError - sd / 2) < 1e-9)
        #expect(abs(ns.pullMean - (mean - 2000) / 89.1) < 1e-9)
        #expect(abs(ns.pullWidth - sd / 89.1) < 1e-9)
        #expect(abs(ns.pullWidthError - ns.pullWidth / 6.0.squareRoot()) < 1e-12)
        #expect(summary.headline.contains("1 failed (20.00%): toys 2"))
    }

    @Test func printedTableCountsEveryStatusOtherThanOk() throws {
        var atLimit = sampleResult(toy: 1)
        atLimit.status.insert(.parameterAtLimit)
        var singular = sampleResult(toy: 3)
        singular.status.insert(.singularHessian)
        let results = [sampleResult(toy: 0), atLimit, sampleResult(toy: 2, valid: false), singular, sampleResult(toy: 4)]
        let table = StudySummary(study: try seedPeakStudy(), results: results).markdown
        // Valid toys with a problem are counted too: a table of valid fits can still hide trouble.
        #expect(table.contains("statuses other than ok: "))
        for label in ["at_limit 1", "singular_hessian 1", "invalid+inaccurate_covariance+above_max_edm 1"] {
            #expect(table.contains(label), "\(label) missing from:\n\(table)")
        }
        #expect(!table.contains("ok 2"))
        let clean = StudySummary(study: try seedPeakStudy(), results: [sampleResult(toy: 0)]).markdown
        #expect(!clean.contains("statuses other than ok"))
    }

    @Test func fixedParametersAreNotSummarised() throws {
        var config = try StudyConfig.parse(seedPeakConfig)
        config.parameters[2].fixed = true
        let summary = StudySummary(study: StudyModel(config: config), results: [sampleResult(toy: 0)])
        #expect(summary.parameters.map(\.name) == ["ns", "nb", "sigma", "tau"])
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let summary = StudySummary(study: try seedPeakStudy(), results: (0..<3).map { sampleResult(toy: $0) })
        guard case let .object(top) = summary.json, case let .object(parameters)? = top.first(where: { $0.key == "parameters" })?.value,
              case let .object(ns) = parameters[0].value else { Issue.record("summary.json shape"); return }
        #expect(top.map(\.key).starts(with: ["study", "toys", "valid", "failed", "failure_rate", "failed_toys"]))
        #expect(ns.map(\.key) == ["true", "toys_used", "mean", "bias", "bias_error", "pull_mean", "pull_mean_error",
                                  "pull_width", "pull_width_error", "pull_fit_mean", "pull_fit_mean_error",
                                  "pull_fit_width", "pull_fit_width_error", "pull_median", "pull_outliers",
                                  "coverage_1sigma", "coverage_1sigma_error", "coverage_2sigma", "coverage_2sigma_error",
                                  "error_mean", "value_rms", "error_ratio", "error_ratio_error", "pull_normality_p",
                                  "at_limit"])
        #expect(top.last?.key == "correlations")
    }

    /// summary.csv is summary.json's parameter keys as columns, with the same numbers.
    @Test func csvHasTheJSONKeysAsColumns() throws {
        let summary = StudySummary(study: try seedPeakStudy(minos: ["mu"]), results: (0..<4).map { sampleResult(toy: $0, minos: true) })
        let lines = summary.csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.count == 1 + summary.parameters.count)
        guard case let .object(top) = summary.json, case let .object(parameters)? = top.first(where: { $0.key == "parameters" })?.value,
              case let .object(mu) = parameters[2].value else { Issue.record("summary.json shape"); return }
        #expect(lines[0] == ["parameter"] + mu.map(\.key), "MINOS columns appear when a parameter has MINOS")
        #expect(lines[3][0] == "mu")
        for (column, field) in zip(lines[3].dropFirst(), mu) {
            guard case let .number(x) = field.value else {
                #expect(field.value == .null && ["nan", "inf", "-inf"].contains(column), "\(field.key): \(column)")
                continue
            }
            #expect(Double(column).map { $0 == x || $0.isNaN && x.isNaN } == true, "\(field.key): \(column) vs \(x)")
        }
        #expect(lines[1][lines[0].firstIndex(of: "minos_coverage_1sigma")!] == "", "no MINOS coverage for ns")
    }
}
