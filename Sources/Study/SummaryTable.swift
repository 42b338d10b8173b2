/// The summary as numbers under names, the one model every file and table is written from: `fields` are the keys
/// of summary.json and the columns of summary.csv; `columns` are the columns of the printed tables (Markdown,
/// terminal, LaTeX), values with their errors side by side.
extension StudySummary.Parameter {
    /// Keys are an interface (add, never rename); nil where a quantity does not apply (MINOS coverage of a
    /// parameter without MINOS).
    var fields: [(key: String, value: Double?)] {
        [("true", truth), ("toys_used", Double(toysUsed)), ("mean", mean), ("bias", bias), ("bias_error", biasError),
         ("pull_mean", pullMean), ("pull_mean_error", pullMeanError),
         ("pull_width", pullWidth), ("pull_width_error", pullWidthError),
         ("pull_fit_mean", pullFitMean), ("pull_fit_mean_error", pullFitMeanError),
         ("pull_fit_width", pullFitWidth), ("pull_fit_width_error", pullFitWidthError),
         ("pull_median", pullMedian), ("pull_outliers", Double(pullOutliers)),
         ("coverage_1sigma", coverage1Sigma), ("coverage_1sigma_error", coverage1SigmaError),
         ("coverage_2sigma", coverage2Sigma), ("coverage_2sigma_error", coverage2SigmaError),
         ("minos_coverage_1sigma", minosCoverage1Sigma), ("minos_coverage_1sigma_error", minosCoverage1SigmaError),
         ("error_mean", errorMean), ("value_rms", valueRMS), ("error_ratio", errorRatio),
         ("error_ratio_error", errorRatioError), ("pull_normality_p", pullNormalityP), ("at_limit", Double(atLimit))]
    }
}

extension StudySummary {
    /// One cell of a printed table.
    enum Cell {
        case name(String)
        case count(Int)
        case number(Double)
        /// A number on a known scale (a pull, a probability), to a fixed number of decimals.
        case fixed(Double, decimals: Int)
        case measured(Measurement)
        case absent
    }

    /// A column of the printed tables: its heading in Markdown and in LaTeX, and whether a slide has room for it.
    struct Column {
        var heading: String
        var latex: String
        var inTalk: Bool
        var cell: (Parameter) -> Cell
    }

    /// The printed tables' columns; MINOS coverage only when some parameter has MINOS errors.
    var columns: [Column] {
        let withError = { (value: Double, error: Double) in Cell.measured(Measurement(value: value, error: error)) }
        var columns = [
            Column(heading: "parameter", latex: "parameter", inTalk: true) { .name($0.name) },
            Column(heading: "true", latex: "true", inTalk: true) { .number($0.truth) },
            Column(heading: "toys used", latex: "toys", inTalk: false) { .count($0.toysUsed) },
            Column(heading: "mean", latex: "mean", inTalk: false) { .number($0.mean) },
            Column(heading: "bias", latex: "bias", inTalk: true) { withError($0.bias, $0.biasError) },
            Column(heading: "pull mean", latex: "pull mean", inTalk: true) { withError($0.pullMean, $0.pullMeanError) },
            Column(heading: "pull width", latex: "pull width", inTalk: true) { withError($0.pullWidth, $0.pullWidthError) },
            Column(heading: "fit mean", latex: "fitted mean", inTalk: false) { withError($0.pullFitMean, $0.pullFitMeanError) },
            Column(heading: "fit width", latex: "fitted width", inTalk: false) { withError($0.pullFitWidth, $0.pullFitWidthError) },
            Column(heading: "median", latex: "median", inTalk: false) { .fixed($0.pullMedian, decimals: 3) },
            Column(heading: "1σ coverage", latex: "$1\\sigma$ coverage", inTalk: true) { withError($0.coverage1Sigma, $0.coverage1SigmaError) },
            Column(heading: "2σ coverage", latex: "$2\\sigma$ coverage", inTalk: true) { withError($0.coverage2Sigma, $0.coverage2SigmaError) },
        ]
        if parameters.contains(where: { $0.minosCoverage1Sigma != nil }) {
            columns.append(Column(heading: "MINOS 1σ coverage", latex: "MINOS coverage", inTalk: true) { p in
                p.minosCoverage1Sigma.map { withError($0, p.minosCoverage1SigmaError ?? .nan) } ?? .absent
            })
        }
        return columns + [
            Column(heading: "error / RMS", latex: "error / RMS", inTalk: true) { withError($0.errorRatio, $0.errorRatioError) },
            Column(heading: "normality p", latex: "$p(\\mathcal{N}(0,1))$", inTalk: true) { .fixed($0.pullNormalityP, decimals: 3) },
            Column(heading: "outliers", latex: "outliers", inTalk: false) { .count($0.pullOutliers) },
            Column(heading: "at limit", latex: "at limit", inTalk: true) { .count($0.atLimit) },
        ]
    }
}
