/// summary.tex: the columns a talk has room for as a booktabs tabular, to `\input` into a slide or a note whose
/// preamble loads booktabs. Values with errors are `$v \pm e$` to the error's significant digits, so the table
/// can go into a talk as it is.
extension StudySummary {
    public var latex: String {
        let columns = columns.filter(\.inTalk)
        var lines = [
            "% \(headline)",
            "% written by toystudy; needs \\usepackage{booktabs}",
            "\\begin{tabular}{l" + String(repeating: "r", count: columns.count - 1) + "}",
            "\\toprule",
            columns.map(\.latex).joined(separator: " & ") + " \\\\",
            "\\midrule",
        ]
        for p in parameters {
            lines.append(columns.map { Self.latex($0.cell(p)) }.joined(separator: " & ") + " \\\\")
        }
        lines += ["\\bottomrule", "\\end{tabular}"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func latex(_ cell: Cell) -> String {
        switch cell {
        case let .name(name): return escaped(name)
        case let .measured(m):
            let rounded = m.rounded
            return "$\(rounded.value) \\pm \(rounded.error)$"
        case .absent: return ""
        case .count, .number, .fixed:
            let plain = text(cell)
            return plain == "nan" ? "---" : "$" + plain + "$"
        }
    }

    /// Text with LaTeX's special characters made literal (parameter names such as n_sig).
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(character)
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            default: out.append(character)
            }
        }
        return out
    }
}
