import Foundation

/// The summary as files and as the table printed at the end of a run.
extension StudySummary {
    /// summary.json: keys are an interface (add, never rename).
    public var json: JSONValue {
        .object([
            ("study", .string(study)),
            ("toys", .number(Double(toys))),
            ("valid", .number(Double(valid))),
            ("failed", .number(Double(toys - valid))),
            ("failure_rate", .number(failureRate)),
            ("failed_toys", .array(failedToys.map { .number(Double($0)) })),
            ("status_counts", .object(statusCounts.map { ($0.label, .number(Double($0.count))) })),
            ("parameters", .object(parameters.map { p in
                (p.name, .object([
                    ("true", .number(p.truth)),
                    ("toys_used", .number(Double(p.toysUsed))),
                    ("mean", .number(p.mean)),
                    ("bias", .number(p.bias)),
                    ("bias_error", .number(p.biasError)),
                    ("pull_mean", .number(p.pullMean)),
                    ("pull_mean_error", .number(p.pullMeanError)),
                    ("pull_width", .number(p.pullWidth)),
                    ("pull_width_error", .number(p.pullWidthError)),
                ]))
            })),
        ])
    }

    /// One line on how many fits failed and which, so a reader knows what the table is made of.
    public var headline: String {
        var line = "\(study): \(toys) toys, \(valid) valid fits used"
        if valid < toys {
            let shown = failedToys.prefix(10).map(String.init).joined(separator: ", ")
            line += "; \(toys - valid) failed (" + String(format: "%.2f%%", 100 * failureRate) + "): toys \(shown)"
                + (failedToys.count > 10 ? ", ..." : "")
        }
        return line
    }

    /// Every status other than "ok" with its count ("valid" toys may carry one too, e.g. at_limit), so the table
    /// never hides trouble; nil when every fit is ok.
    public var statusLine: String? {
        let problems = statusCounts.filter { $0.label != "ok" }
        guard !problems.isEmpty else { return nil }
        return "statuses other than ok: " + problems.map { "\($0.label) \($0.count)" }.joined(separator: ", ")
    }

    /// summary.md and the terminal table.
    public var markdown: String {
        var lines = [headline] + (statusLine.map { ["", $0] } ?? []) + ["",
                     "| parameter | true | toys used | mean | bias | pull mean | pull width |",
                     "|---|---:|---:|---:|---:|---:|---:|"]
        for p in parameters {
            lines.append("| \(p.name) | \(Self.short(p.truth)) | \(p.toysUsed) | \(Self.short(p.mean)) | "
                         + "\(Self.short(p.bias)) ± \(Self.short(p.biasError)) | "
                         + String(format: "%.3f ± %.3f | %.3f ± %.3f |", p.pullMean, p.pullMeanError, p.pullWidth, p.pullWidthError))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func short(_ x: Double) -> String { String(format: "%.5g", x) }
}
