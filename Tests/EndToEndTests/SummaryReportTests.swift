import Foundation
import Study
import Testing

/// The study report and the check, run through the binary on a study whose pulls are exactly N(0, 1): a Gaussian
/// mean with a known width and 10^4 events per toy (Tests/Fixtures/gauss-mean.json), and the same study fitted
/// with the width fixed 20% too small, the classic wrong error.
@Suite(.serialized) struct SummaryReportTests {
    static let gaussMean = Toystudy.packageRoot.appendingPathComponent("Tests/Fixtures/gauss-mean.json").path

    /// The fixture with its fixed width's start (what the fit uses) at 0.8 while toys are generated at 1.
    static func narrowWidthConfig() throws -> String {
        let text = try String(contentsOfFile: gaussMean, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "\"sigma\": {\"value\": 1.0, \"fixed\": true}",
                                                with: "\"sigma\": {\"value\": 1.0, \"start\": 0.8, \"fixed\": true}")
        #expect(changed != text)
        let path = Toystudy.temporaryDirectory("narrow") + ".json"
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs a study into a new directory and returns the directory.
    static func study(_ config: String, _ extra: [String] = []) throws -> (directory: String, outcome: Toystudy.Outcome) {
        let output = Toystudy.temporaryDirectory("report")
        return (output, try Toystudy.run(["--config", config, "--output", output] + extra))
    }

    static func parameters(_ directory: String) throws -> [(key: String, value: JSONValue)] {
        let json = try JSONParser.parse(try String(contentsOfFile: directory + "/summary.json", encoding: .utf8))
        guard case let .object(top) = json, case let .object(parameters)? = top.first(where: { $0.key == "parameters" })?.value
        else { throw StoreError("summary.json has no parameters") }
        return parameters
    }

    static func number(_ entry: JSONValue, _ key: String) -> Double {
        guard case let .object(fields) = entry, case let .number(x)? = fields.first(where: { $0.key == key })?.value else { return .nan }
        return x
    }

    /// Every statistic within three of its own errors of what N(0, 1) pulls give. Expected values: fitted
    /// mean 0 and width 1 with errors 1 / sqrt(N) and 1 / sqrt(2N); median 0 with the median's error sqrt(pi / 2) / sqrt(N); coverage 0.6827 and 0.9545;
    /// error ratio 1; spread of the values and mean error 1 / sqrt(10^4) for mu and sqrt(10^4) for n; no pull
    /// beyond 5 (expected 2000 x 5.7e-7); a p-value above 0.0027 (a 3-sigma fluctuation); no limits reached;
    /// uncorrelated n and mu (|r| below 3 / sqrt(N)).
    @Test func gaussianMeanStatisticsAgreeWithTheirExpectations() throws {
        let (output, outcome) = try Self.study(Self.gaussMean)
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let parameters = try Self.parameters(output)
        #expect(parameters.map(\.key) == ["n", "mu"])
        let scale = ["n": 100.0, "mu": 0.01]
        for (name, entry) in parameters {
            let used = Self.number(entry, "toys_used"), value = { Self.number(entry, $0) }
            #expect(used == 2000)
            let within = { (key: String, expected: Double, error: Double) in
                #expect(abs(value(key) - expected) <= 3 * error, "\(name) \(key) \(value(key)) vs \(expected) ± \(error)")
            }
            within("pull_fit_mean", 0, value("pull_fit_mean_error"))
            within("pull_fit_width", 1, value("pull_fit_width_error"))
            within("pull_median", 0, (Double.pi / 2).squareRoot() / used.squareRoot())
            within("coverage_1sigma", 0.682689, value("coverage_1sigma_error"))
            within("coverage_2sigma", 0.954500, value("coverage_2sigma_error"))
            within("error_ratio", 1, value("error_ratio_error"))
            within("value_rms", scale[name]!, scale[name]! / (2 * (used - 1)).squareRoot())
            // An error is sqrt(n_obs) or 1 / sqrt(n_obs): relative spread 0.5 / sqrt(10^4) per toy.
            within("error_mean", scale[name]!, scale[name]! * 0.005 / used.squareRoot())
            #expect(value("pull_outliers") == 0 && value("at_limit") == 0)
            #expect(value("pull_normality_p") > 0.0027, "\(name) normality p \(value("pull_normality_p"))")
            // HESSE errors of the fit: 1 / sqrt(N) and 1 / sqrt(2N) for unit width, known to the width's 1 / sqrt(2N).
            let relative = 1 / (2 * used).squareRoot()
            within("pull_fit_mean_error", 1 / used.squareRoot(), relative / used.squareRoot())
            within("pull_fit_width_error", relative, relative * relative)
        }
        let mu = parameters[1].value
        #expect(abs(Self.number(mu, "minos_coverage_1sigma") - 0.682689) <= 3 * Self.number(mu, "minos_coverage_1sigma_error"))
        let json = try JSONParser.parse(try String(contentsOfFile: output + "/summary.json", encoding: .utf8))
        guard case let .object(top) = json, case let .array(rows)? = top.first(where: { $0.key == "correlations" })?.value,
              rows.count == 2, case let .array(first) = rows[0], case let .number(r) = first[1]
        else { Issue.record("summary.json has no 2 x 2 correlations"); return }
        #expect(abs(r) < 3 / 2000.0.squareRoot(), "n-mu correlation \(r)")
        for file in ["summary.md", "summary.tex", "summary.csv"] {
            #expect(FileManager.default.fileExists(atPath: output + "/" + file), "\(file) missing")
        }
    }

    /// With the width 20% too small mu's errors are 20% too small: its pull width is 1.25 and its coverage about
    /// 0.57, so the check fails on mu, naming both; n's pulls do not depend on the width and pass.
    @Test func narrowWidthFailsTheCheckOnTheWidthDependentParameter() throws {
        let config = try Self.narrowWidthConfig()
        let (output, outcome) = try Self.study(config, ["--check"])
        defer { try? FileManager.default.removeItem(atPath: output); try? FileManager.default.removeItem(atPath: config) }
        #expect(outcome.status == 3, "\(outcome.stderr)")
        // Progress lines may share stderr on a slow machine.
        let failures = { (text: String) in text.split(separator: "\n").filter { $0.contains("check failed") } }
        let lines = failures(outcome.stderr)
        #expect(lines.count == 1, "one line per failing parameter:\n\(outcome.stderr)")
        let line = String(lines.first ?? "")
        #expect(line.contains("mu: pull width 1.2") && line.contains("sigma above 1") && line.contains("1-sigma coverage"), "\(line)")
        #expect(!lines.contains { $0.contains(" n: ") })
        #expect(FileManager.default.fileExists(atPath: output + "/summary.json"), "a failed check still writes the study")

        let summarized = try Toystudy.run(["summarize", output, "--check", "--sigma", "3"])
        #expect(summarized.status == 3 && failures(summarized.stderr) == lines)
        // mu's width is more than 12 errors from 1: a 20-sigma check lets it through.
        let loose = try Toystudy.run(["summarize", output, "--check", "--sigma", "20"])
        #expect(loose.status == 0, "\(loose.stderr)")
        #expect(loose.stderr.contains("check passed"))
    }

    @Test func rightStudyPassesTheCheckAndFormatsAreOneModel() throws {
        let (output, outcome) = try Self.study(Self.gaussMean, ["--check"])
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("check passed"))
        for (format, file) in [("md", "summary.md"), ("tex", "summary.tex"), ("csv", "summary.csv")] {
            let printed = try Toystudy.run(["summarize", output, "--format", format])
            #expect(printed.status == 0)
            #expect(printed.stdout == (try String(contentsOfFile: output + "/" + file, encoding: .utf8)), "\(format)")
        }
        let json = try Toystudy.run(["summarize", output, "--format", "json"])
        #expect(json.stdout == (try String(contentsOfFile: output + "/summary.json", encoding: .utf8)))
        let bad = try Toystudy.run(["summarize", output, "--check", "--sigma", "0"])
        #expect(bad.status == 2 && bad.stderr.contains("--sigma"), "\(bad.stderr)")
        let unknown = try Toystudy.run(["summarize", output, "--format", "xml"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--format"))
    }
}
