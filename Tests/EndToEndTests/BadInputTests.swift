import Foundation
import Testing

/// Every kind of bad input exits with code 2 and one clear line naming the field and the fix, creates no
/// output directory, and prints no stack trace.
@Suite struct BadInputTests {
    static let cases: [(label: String, replace: String, with: String, message: String)] = [
        ("invalid JSON", "\"name\": \"seed-peak\",", "\"name\": \"seed-peak\"", "invalid JSON at line 3"),
        ("unknown field", "\"min\": 1.0,", "\"min\": 1.0, \"bins\": 3,", "observable.bins: unknown field"),
        ("unknown pdf", "\"pdf\": \"gaussian\"", "\"pdf\": \"landau\"", "model[0].pdf: unknown pdf \"landau\"; choose one of: gaussian"),
        ("missing parameter", "\"sigma\": \"sigma\"", "\"sigma\": \"width\"", "model[0].parameters.sigma: names parameter \"width\", which \"parameters\" lacks"),
        ("min above max", "\"tau\":   {\"value\": 4.0, \"min\": 0}", "\"tau\":   {\"value\": 4.0, \"min\": 5, \"max\": 3}", "parameters.tau.min: must be below parameters.tau.max"),
        ("value outside limits", "\"ns\":    {\"value\": 2000, \"min\": 0}", "\"ns\":    {\"value\": -1, \"min\": 0}", "parameters.ns.value: -1.0 is below min 0.0"),
        ("non-positive count", "\"count\": 1000", "\"count\": 0", "toys.count: must be positive"),
        ("start on a limit", "\"sigma\": {\"value\": 0.5, \"min\": 0}", "\"sigma\": {\"value\": 0.5, \"min\": 0, \"start\": 0}",
         "parameters.sigma.start: 0 is on the limit min 0"),
        ("truth outside the domain", "\"mu\":    {\"value\": 5.0}", "\"mu\":    {\"value\": 1000}",
         "parameters.mu.value: component \"signal\" (gaussian) outside its domain"),
        ("yield too large", "\"ns\":    {\"value\": 2000, \"min\": 0}", "\"ns\":    {\"value\": 1e19, \"min\": 0}",
         "parameters.ns.value: the yields' true values add up to 1e+19 expected events per toy"),
        ("too many bins", "\"tolerance\": 0.1", "\"tolerance\": 0.1, \"bins\": 1000000000000000",
         "fit.bins: 1000000000000000 bins is more than the 1000000"),
        ("seed not whole", "\"seed\": 1", "\"seed\": 1.5", "toys.seed: expected a whole number"),
        ("name not an identifier", "\"ns\":    {", "\"n,s\":    {", "parameters.n,s: parameter name \"n,s\" is not an identifier"),
    ]

    /// The fit-truth cases whose fits used to be "valid" while stuck where they started: refused up front.
    @Test(arguments: [("sigma-start-zero.json", "parameters.sigma.start: 0 is on the limit min 0"),
                      ("start-far-outside.json", "parameters.mu.start: 1000 puts component \"signal\" (gaussian) outside its domain")])
    func startsTheFitCannotLeaveAreRefused(file: String, message: String) throws {
        let config = Toystudy.packageRoot.appendingPathComponent("Tests/Fixtures/fit-truth/\(file)").path
        try Self.expectRefusal(config: config, message: message)
    }

    @Test(arguments: cases.indices)
    func badConfigFile(index: Int) throws {
        let bad = Self.cases[index]
        let config = try Toystudy.seedPeakVariant(replacing: bad.replace, with: bad.with)
        defer { try? FileManager.default.removeItem(atPath: config) }
        try Self.expectRefusal(config: config, message: bad.message, label: bad.label)
    }

    /// Every command that reads the config refuses it: exit 2, the one message, nothing on stdout, no output.
    static func expectRefusal(config: String, message: String, label: String = "") throws {
        for command in [["validate"], ["run"], ["generate", "--toy", "0"], ["fit", "--data", config]] {
            let output = Toystudy.temporaryDirectory("bad")
            var arguments = command + ["--config", config]
            if command == ["run"] { arguments += ["--output", output] }
            let outcome = try Toystudy.run(arguments)
            #expect(outcome.status == 2, "\(label), \(command): exit \(outcome.status)")
            #expect(outcome.stderr.contains(message), "\(label), \(command): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "one message: \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: output), "no output directory on bad input")
        }
    }

    @Test func missingConfigFile() throws {
        let outcome = try Toystudy.run(["--config", "/nonexistent/study.json", "--output", Toystudy.temporaryDirectory("none")])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "toystudy: error: --config: /nonexistent/study.json does not exist; give the path of a study JSON file (example: jobs/examples/seed-peak.json)\n")
    }

    @Test(arguments: [
        (["--toys", "0"], "--toys: must be positive"),
        (["--toys=-3"], "--toys: must be positive"),
        (["--threads", "0"], "--threads: must be at least 1"),
        (["--seed=-1"], "--seed: must be zero or positive"),
        (["--toys", "many"], "many"),
        (["--colour", "red"], "--colour"),
        // A negative number is a bad value, not a missing one.
        (["--toys", "-1"], "--toys: must be positive (got -1)"),
        (["--threads", "-1"], "--threads: must be at least 1 (got -1)"),
        (["--seed", "-1"], "--seed: must be zero or positive (got -1)"),
        (["--seed", "18446744073709551616"], "--seed: 18446744073709551616 is too large; the largest seed is 18446744073709551615"),
        (["--seed", "1.5"], "--seed: expected a whole number"),
        (["--toys", "10000000000000000"], "--toys: 10000000000000000 is more than the 1000000000000000 toys"),
        (["--shard", "9223372036854775806/9223372036854775807"], "--shard: 9223372036854775807 shards for 1000 toys"),
    ])
    func badCommandLine(flags: [String], message: String) throws {
        let output = Toystudy.temporaryDirectory("flags")
        let outcome = try Toystudy.run(["--config", Toystudy.seedPeak, "--output", output] + flags)
        #expect(outcome.status == 2, "\(flags): exit \(outcome.status)")
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1 && outcome.stdout.isEmpty, "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// The other commands' flags and words: negative values named as such, an unknown subcommand named as one
    /// with the list, an empty --output refused.
    @Test(arguments: [
        (["fit", "--config", Toystudy.seedPeak, "--data", "data.csv", "--nll-threads", "-1"], "--nll-threads: must be at least 1 (got -1)"),
        (["generate", "--config", Toystudy.seedPeak, "--toy", "-1"], "--toy: must be zero or positive (got -1)"),
        (["generate", "--config", Toystudy.seedPeak, "--toy", "0", "--output", ""], "--output: must not be empty"),
        (["--config", Toystudy.seedPeak, "--output", ""], "--output: must not be empty"),
        (["frobnicate", "--config", Toystudy.seedPeak],
         "unknown subcommand \"frobnicate\"; the subcommands are run, validate, generate, fit, merge, summarize"),
    ])
    func badCommandWords(arguments: [String], message: String) throws {
        let outcome = try Toystudy.run(arguments)
        #expect(outcome.status == 2, "\(arguments): exit \(outcome.status)")
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1 && outcome.stdout.isEmpty, "\(outcome.stderr)")
    }

    @Test func badDataFileForFit() throws {
        let data = Toystudy.temporaryDirectory("data") + ".csv"
        defer { try? FileManager.default.removeItem(atPath: data) }
        try "mass\n5.0\n".write(toFile: data, atomically: true, encoding: .utf8)
        let outcome = try Toystudy.run(["fit", "--config", Toystudy.seedPeak, "--data", data])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("has no column \"x\""), "\(outcome.stderr)")
        try "x\n5.0\nfive\n".write(toFile: data, atomically: true, encoding: .utf8)
        let second = try Toystudy.run(["fit", "--config", Toystudy.seedPeak, "--data", data])
        #expect(second.status == 2)
        #expect(second.stderr.contains("line 3"), "\(second.stderr)")
    }

    /// Under mpirun, rank 0 refusing the output directory releases the waiting ranks: exit 2, one message, no hang.
    @Test func mpirunRefusesAForeignOutputDirectory() throws {
        let output = Toystudy.temporaryDirectory("foreign")
        defer { try? FileManager.default.removeItem(atPath: output) }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try "notes".write(toFile: output + "/notes.txt", atomically: true, encoding: .utf8)
        let outcome = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "4", "--output", output], mpiRanks: 3)
        #expect(outcome.status == 2)
        let messages = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("toystudy: error:") }
        #expect(messages == ["toystudy: error: --output: \(output) is a non-empty directory that holds no toystudy results; choose another --output"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: output) == ["notes.txt"])
    }

    @Test func existingResultsAreNotOverwritten() throws {
        let output = Toystudy.temporaryDirectory("twice")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let first = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "2", "--output", output])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "2", "--output", output])
        #expect(second.status == 2)
        #expect(second.stderr.contains("already holds results"), "\(second.stderr)")
    }
}
