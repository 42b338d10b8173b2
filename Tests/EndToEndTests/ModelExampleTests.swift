import Foundation
import Study
import Testing

/// The example studies with channels, several observables, a template and another generation model, run as
/// users run them: the binary on jobs/examples.
@Suite(.serialized) struct ModelExampleTests {
    static func example(_ name: String) -> String {
        Toystudy.packageRoot.appendingPathComponent("jobs/examples/\(name).json").path
    }

    static func lines(_ directory: String, _ file: String = "toys.csv") throws -> [Substring] {
        try String(contentsOfFile: directory + "/" + file, encoding: .utf8).split(separator: "\n")
    }

    /// Each example runs; toys.csv has the pull study's columns, then the generated events per channel and
    /// component, then the checksum, and each row's events add up to its `events`.
    @Test(arguments: [
        ("systematic-cb-chebyshev", ["events_signal", "events_background"]),
        ("two-channel", ["events_signal_region_signal", "events_signal_region_background", "events_control_background"]),
        ("two-channel-systematic", ["events_signal_region_signal", "events_signal_region_background", "events_control_background"]),
        ("mass-time", ["events_signal", "events_background"]),
        ("template", ["events_signal", "events_background"]),
    ])
    func exampleRuns(name: String, eventColumns: [String]) throws {
        let output = Toystudy.temporaryDirectory(name)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try Toystudy.run(["--config", Self.example(name), "--toys", "20", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try Self.lines(output)
        #expect(rows.count == 21)
        let header = rows[0].split(separator: ",").map(String.init)
        // The events columns follow the earlier columns (after retries; no MINOS here), then the alternatives' fits.
        let retries = header.firstIndex(of: "retries")!
        #expect(Array(header[(retries + 1)...].prefix(eventColumns.count)) == eventColumns)
        #expect(header.last == "checksum")
        let events = header.firstIndex(of: "events")!, first = header.firstIndex(of: eventColumns[0])!
        for row in rows.dropFirst() {
            let fields = row.split(separator: ",")
            #expect(Int(fields[events]) == fields[first..<(first + eventColumns.count)].reduce(0) { $0 + Int($1)! })
        }
    }

    /// `"toys": {"poisson": false}`: every toy holds the yields' sum, split among the components.
    @Test func fixedTotalToys() throws {
        let output = Toystudy.temporaryDirectory("fixed"), config = output + ".json"
        defer { for path in [output, config] { try? FileManager.default.removeItem(atPath: path) } }
        let text = try String(contentsOfFile: Self.example("mass-time"), encoding: .utf8)
            .replacingOccurrences(of: "\"seed\": 1}", with: "\"seed\": 1, \"poisson\": false}")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try Toystudy.run(["--config", config, "--toys", "5", "--output", output]).status == 0)
        let rows = try Self.lines(output).dropFirst().map { $0.split(separator: ",") }
        let header = try Self.lines(output)[0].split(separator: ",").map(String.init)
        let events = header.firstIndex(of: "events")!, signal = header.firstIndex(of: "events_signal")!
        #expect(rows.count == 5 && rows.allSatisfy { $0[events] == "12000" })
        #expect(Set(rows.map { $0[signal] }).count > 1, "the split varies from toy to toy")
    }

    /// A study without the new fields keeps every column it had, in order; the new ones come before `checksum`.
    @Test func existingColumnsAreKept() throws {
        let output = Toystudy.temporaryDirectory("columns")
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "2", "--output", output]).status == 0)
        let before = "toy,valid,nll,edm,nfcn,ns_true,ns_value,ns_error,ns_pull,nb_true,nb_value,nb_error,nb_pull,"
            + "mu_true,mu_value,mu_error,mu_pull,sigma_true,sigma_value,sigma_error,sigma_pull,tau_true,tau_value,tau_error,tau_pull,"
            + "events,status,ngrad,retries"
        #expect(try Self.lines(output)[0] == before + ",events_signal,events_background,checksum")
    }

    /// 2000 toys of the two-channel and the mass x time example: every pull mean within 3 of its standard errors
    /// of 0 and every pull width within 3 of its standard errors of 1 (fixed seed). A maximum-likelihood scale
    /// parameter's pull has a mean of order -1/sqrt(events) (its error grows with its value), which with a few
    /// hundred signal events reached -0.09 for a peak's width, beyond 3 x 0.022: the examples' yields (thousands)
    /// keep that below the test's resolution.
    @Test(arguments: ["two-channel", "mass-time"])
    func pullsAreStandardNormal(name: String) throws {
        let output = Toystudy.temporaryDirectory("pulls-\(name)")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try Toystudy.run(["--config", Self.example(name), "--toys", "2000", "--seed", "7", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONParser.parse(try String(contentsOfFile: output + "/summary.json", encoding: .utf8))
        guard case let .object(top) = summary, case let .object(parameters)? = top.first(where: { $0.key == "parameters" })?.value
        else { Issue.record("summary.json has no parameters"); return }
        for (parameter, entry) in parameters {
            guard case let .object(fields) = entry else { continue }
            func number(_ key: String) -> Double {
                guard case let .number(value)? = fields.first(where: { $0.key == key })?.value else { return .nan }
                return value
            }
            #expect(abs(number("pull_mean")) < 3 * number("pull_mean_error"), "\(name) \(parameter): pull mean \(number("pull_mean")) ± \(number("pull_mean_error"))")
            #expect(abs(number("pull_width") - 1) < 3 * number("pull_width_error"), "\(name) \(parameter): pull width \(number("pull_width")) ± \(number("pull_width_error"))")
            #expect(number("toys_used") >= 1990, "\(name) \(parameter): \(number("toys_used")) valid toys")
        }
    }

    /// `generate` writes one CSV per channel (one column per observable) and `fit --data CHANNEL=FILE` on them is
    /// the fit the study gave that toy.
    @Test(arguments: [("two-channel", ["signal_region", "control"]), ("mass-time", [""])])
    func generateAndFitReproduceOneToy(name: String, channels: [String]) throws {
        let output = Toystudy.temporaryDirectory("one-\(name)"), data = output + "-toy3"
        defer { for path in [output, data] { try? FileManager.default.removeItem(atPath: path) } }
        let config = Self.example(name)
        #expect(try Toystudy.run(["--config", config, "--toys", "4", "--output", output]).status == 0)
        let simultaneous = channels != [""]
        let generated = try Toystudy.run(["generate", "--config", config, "--toy", "3", "--output", simultaneous ? data : data + ".csv"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let files = simultaneous ? channels.map { "--data=\($0)=\(data)/\($0).csv" } : ["--data=\(data).csv"]
        if !simultaneous { #expect(try String(contentsOfFile: data + ".csv", encoding: .utf8).hasPrefix("mass,time\n")) }
        let fit = try Toystudy.run(["fit", "--config", config, "--json"] + files)
        #expect(fit.status == 0, "\(fit.stderr)")
        guard case let .object(top) = try JSONParser.parse(fit.stdout), case let .number(nll)? = top.first(where: { $0.key == "nll" })?.value
        else { Issue.record("fit --json: \(fit.stdout)"); return }
        let row = try Self.lines(output)[4].split(separator: ",")
        #expect(row[0] == "3" && nll == Double(row[2]))
    }

    @Test func channelInputErrorsNameTheFlag() throws {
        let config = Self.example("two-channel")
        let noOutput = try Toystudy.run(["generate", "--config", config, "--toy", "0"])
        #expect(noOutput.status == 2 && noOutput.stdout.isEmpty && noOutput.stderr.contains("--output: missing; a study with channels"))
        let missing = try Toystudy.run(["fit", "--config", config, "--data", "signal_region=/nonexistent.csv"])
        #expect(missing.status == 2 && missing.stderr.contains("--data: channel control has no file"))
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        let unknown = try Toystudy.run(["fit", "--config", config, "--data", "signal=/a.csv", "--data", "control=/b.csv"])
        #expect(unknown.status == 2 && unknown.stderr.contains("\"signal=/a.csv\" is not CHANNEL=FILE"))
        let test = try Toystudy.run(["significance", "--config", config, "--poi", "nsig", "--data", "signal_region=/a.csv"])
        #expect(test.status == 2 && test.stderr.contains("--data: channel control has no file"), "\(test.stderr)")
    }
}
