import Foundation

/// The summary as files and as the table printed at the end of a run: summary.json, summary.csv and summary.md
/// (also the terminal table); summary.tex is in SummaryLaTeX.swift.
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
                (p.name, .object(p.fields.compactMap { field in field.value.map { (field.key, .number($0)) } }))
            })),
            ("correlations", .array(correlations.map { .array($0.map { .number($0) }) })),
        ] + (shifts.isEmpty ? [] : [("alternatives", shiftsJSON)]) + (asimov.map { [("asimov", asimovJSON($0))] } ?? []))
    }

    /// `"asimov": {"valid", "status", "nll", "parameters": {P: {"value", "error"}}}`, every parameter.
    private func asimovJSON(_ fit: AsimovSummary) -> JSONValue {
        .object([("valid", .bool(fit.status.contains(.valid))), ("status", .string(fit.status.label)), ("nll", .number(fit.nll)),
                 ("parameters", .object(fit.parameters.map { p in
                     (p.name, .object([("value", .number(p.value)), ("error", .number(p.error))]))
                 }))])
    }

    /// `"alternatives": {A: {P: {"toys", "shift", "shift_error"}}}`.
    private var shiftsJSON: JSONValue {
        var order: [String] = []
        for shift in shifts where !order.contains(shift.alternative) { order.append(shift.alternative) }
        return .object(order.map { name in
            (name, .object(shifts.filter { $0.alternative == name }.map { s in
                (s.parameter, .object([("toys", .integer(s.toys)), ("shift", .number(s.shift)), ("shift_error", .number(s.shiftError))]))
            }))
        })
    }

    /// summary.csv: one row per free parameter, the keys of summary.json as columns (a quantity that does not
    /// apply is empty), numbers in shortest round-trip form, `nan` where there is none
    /// (`inf` for a ratio to a spread of zero).
    public var csv: String {
        let keys = parameters.first?.fields.map(\.key) ?? []
        let applies = keys.indices.filter { k in parameters.contains { $0.fields[k].value != nil } }
        var lines = [(["parameter"] + applies.map { keys[$0] }).joined(separator: ",")]
        for p in parameters {
            let fields = p.fields
            let cells = applies.map { k in fields[k].value.map { $0.isFinite ? JSONValue.format($0) : "\($0)" } ?? "" }
            lines.append(([Self.csvField(p.name)] + cells).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A parameter name as a CSV field: quoted when it holds a comma or a quote.
    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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

    /// summary.md and the terminal table; a line under it gives the correlations of the fitted values.
    public var markdown: String {
        let columns = columns
        var lines = [headline] + (statusLine.map { ["", $0] } ?? []) + ["",
                     "| " + columns.map(\.heading).joined(separator: " | ") + " |",
                     "|---|" + String(repeating: "---:|", count: columns.count - 1)]
        for p in parameters {
            lines.append("| " + columns.map { Self.text($0.cell(p)) }.joined(separator: " | ") + " |")
        }
        if let asimov {
            lines += ["", "Asimov fit (\(asimov.status.label)), the expected errors: "
                      + asimov.parameters.filter { $0.error.isFinite }
                          .map { "\($0.name) " + String(format: "%.5g ± %.3g", $0.value, $0.error) }.joined(separator: ", ")]
        }
        if !shifts.isEmpty {
            lines += ["", "| alternative | parameter | toys | shift (alternative - main) |", "|---|---|---:|---:|"]
            lines += shifts.map { "| \($0.alternative) | \($0.parameter) | \($0.toys) | " + String(format: "%.5g ± %.2g", $0.shift, $0.shiftError) + " |" }
        }
        if let strongest = strongestCorrelation {
            lines += ["", "largest correlation of fitted values: \(strongest.pair) " + String(format: "%+.3f", strongest.value)
                      + " (all in summary.json)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The pair of parameters whose fitted values are most correlated; nil below two parameters.
    private var strongestCorrelation: (pair: String, value: Double)? {
        var best: (pair: String, value: Double)?
        for i in parameters.indices {
            for j in parameters.indices where j > i && correlations[i][j].isFinite {
                if abs(correlations[i][j]) > abs(best?.value ?? -1) {
                    best = ("\(parameters[i].name)-\(parameters[j].name)", correlations[i][j])
                }
            }
        }
        return best
    }

    /// A cell as plain text: a measured value as "value ± error" to the error's digits.
    static func text(_ cell: Cell) -> String {
        switch cell {
        case let .name(name): return name
        case let .count(count): return String(count)
        case let .number(x): return Measurement.plain(x)
        case let .fixed(x, decimals): return x.isNaN ? "nan" : String(format: "%.\(decimals)f", x)
        case let .measured(m):
            let rounded = m.rounded
            return "\(rounded.value) ± \(rounded.error)"
        case .absent: return ""
        }
    }
}
