import Foundation
import Testing

/// The pictures and the LaTeX table of a small study, and the picture of each hypothesis test, made the way a user
/// makes them: python3 on analysis/'s scripts, pdflatex on a document that inputs summary.tex. Without python3's
/// matplotlib or without pdflatex those tests are reported as skipped; .ci/run installs both.
@Suite(.serialized) struct ReportPictureTests {
    static let python = ExternalTool.find("python3")
    static let hasMatplotlib = python.map { (try? ExternalTool.run($0, ["-c", "import matplotlib, numpy"]).status) == 0 } ?? false
    static let pdflatex = ExternalTool.find("pdflatex")

    /// A finished 200-toy study of the seed model in a new directory.
    static func smallStudy() throws -> String {
        let output = Toystudy.temporaryDirectory("pictures")
        let outcome = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "200", "--output", output])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return output
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47], pdfSignature = Array("%PDF".utf8)

    /// A file of more than a kilobyte that starts with its format's signature.
    static func starts(_ path: String, with signature: [UInt8]) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return data.count > 1000 && data.starts(with: signature)
    }

    @Test(.enabled(if: hasMatplotlib, "python3 with matplotlib and numpy is needed"))
    func plottingScriptsWriteTheirImages() throws {
        let output = try Self.smallStudy()
        defer { try? FileManager.default.removeItem(atPath: output) }
        for (script, stem) in [("plot_pulls.py", "pulls"), ("plot_correlations.py", "correlations")] {
            let path = Toystudy.packageRoot.appendingPathComponent("analysis/" + script).path
            let outcome = try ExternalTool.run(Self.python!, [path, output])
            #expect(outcome.status == 0, "\(script): \(outcome.stderr)")
            #expect(Self.starts(output + "/\(stem).png", with: Self.pngSignature), "\(stem).png")
            #expect(Self.starts(output + "/\(stem).pdf", with: Self.pdfSignature), "\(stem).pdf")
        }
    }

    /// Each hypothesis-test command on the weak seed signal, with few toys, pictured by plot_hypothesis.py, which
    /// reads from study.json which of its three pictures to draw.
    @Test(.enabled(if: hasMatplotlib, "python3 with matplotlib and numpy is needed"),
          arguments: [["significance", "--toys", "200"], ["limit", "--scan", "0:150:7", "--toys", "300"],
                      ["interval", "--scan", "0:120:5", "--toys", "100"]])
    func hypothesisPictureIsWritten(command: [String]) throws {
        let output = Toystudy.temporaryDirectory("hypothesis-pictures")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try Toystudy.run(command + ["--config", HypothesisLayoutTests.weak, "--data", HypothesisLayoutTests.data,
                                              "--poi", "ns", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        let script = Toystudy.packageRoot.appendingPathComponent("analysis/plot_hypothesis.py").path
        let outcome = try ExternalTool.run(Self.python!, [script, output])
        #expect(outcome.status == 0, "\(command[0]): \(outcome.stderr)")
        #expect(Self.starts(output + "/hypothesis.png", with: Self.pngSignature), "\(command[0]): hypothesis.png")
        #expect(Self.starts(output + "/hypothesis.pdf", with: Self.pdfSignature), "\(command[0]): hypothesis.pdf")
    }

    @Test(.enabled(if: pdflatex != nil, "pdflatex (texlive) is needed"))
    func summaryTeXCompilesWithBooktabs() throws {
        let output = try Self.smallStudy()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let document = """
            \\documentclass{article}
            \\usepackage[landscape,margin=1cm]{geometry}
            \\usepackage{booktabs}
            \\begin{document}
            \\input{summary.tex}
            \\end{document}

            """
        try document.write(toFile: output + "/table.tex", atomically: true, encoding: .utf8)
        let outcome = try ExternalTool.run(Self.pdflatex!, ["-interaction=nonstopmode", "-halt-on-error", "table.tex"],
                                           directory: output)
        #expect(outcome.status == 0, "\(outcome.stdout.suffix(2000))")
        #expect(Self.starts(output + "/table.pdf", with: Self.pdfSignature))
        let log = (try? String(contentsOfFile: output + "/table.log", encoding: .utf8)) ?? ""
        #expect(!log.contains("Overfull \\hbox"), "the talk's columns fit a landscape page")
    }
}
