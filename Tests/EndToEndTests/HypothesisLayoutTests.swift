import Foundation
import Testing

/// A hypothesis test's results do not depend on how it ran: one process, mpirun with 1 or 3 ranks, or two
/// shards merged give byte-identical toys.csv and summaries, for the adaptive CLs limit (whose shards run every
/// round and whose merge keeps the toys an unsharded run makes) as for the significance and the interval; an
/// interrupted limit resumes to the same files.
@Suite(.serialized) struct HypothesisLayoutTests {
    static let weak = Toystudy.packageRoot.appendingPathComponent("jobs/examples/seed-weak.json").path
    static let data = Toystudy.packageRoot.appendingPathComponent("jobs/examples/seed-weak-data.csv").path

    static func files(_ directory: String) throws -> [String] {
        try ["toys.csv", "summary.json", "summary.md"].map { try String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }
    }

    @Test(arguments: [["limit", "--scan", "0:150:6", "--toys", "400"], ["significance", "--toys", "120"],
                      ["interval", "--scan", "0:120:4", "--toys", "40"]])
    func resultsAreIdenticalForAnyLayout(command: [String]) throws {
        let base = Toystudy.temporaryDirectory("layout")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let arguments = command + ["--config", Self.weak, "--data", Self.data, "--poi", "ns"]
        let local = try Toystudy.run(arguments + ["--output", base + "/local"])
        #expect(local.status == 0, "\(local.stderr)")
        let reference = try Self.files(base + "/local")
        for ranks in [1, 3] {
            let outcome = try Toystudy.run(arguments + ["--output", base + "/mpi\(ranks)"], mpiRanks: ranks)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(try Self.files(base + "/mpi\(ranks)") == reference, "mpirun -n \(ranks)")
        }
        for k in 0..<2 {
            let outcome = try Toystudy.run(arguments + ["--shard", "\(k)/2", "--output", base + "/shard\(k)"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let merged = try Toystudy.run(["merge", "--output", base + "/merged", base + "/shard1", base + "/shard0"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try Self.files(base + "/merged") == reference, "two shards merged")
    }

    /// The toys of a limit's later rounds are asked for again from what is stored, so a study stopped after
    /// its first round (simulated by removing the later toys' rows) finishes to the same files.
    @Test func interruptedLimitResumesToTheSameResult() throws {
        let base = Toystudy.temporaryDirectory("resume")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let arguments = ["limit", "--scan", "0:150:6", "--toys", "400", "--config", Self.weak, "--data", Self.data, "--poi", "ns"]
        #expect(try Toystudy.run(arguments + ["--output", base + "/whole"]).status == 0)
        let reference = try Self.files(base + "/whole")
        // toys.csv rows: task, point, poi, hypothesis, toy, ...; keep the header and the first round (toy < 250).
        let rows = reference[0].split(separator: "\n")
        let firstRound = rows.prefix(1) + rows.dropFirst().filter { Int($0.split(separator: ",")[4])! < 250 }
        #expect(firstRound.count < rows.count, "the study needs a second round")
        try FileManager.default.createDirectory(atPath: base + "/stopped", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: base + "/whole/study.json", toPath: base + "/stopped/study.json")
        try (firstRound.joined(separator: "\n") + "\n").write(toFile: base + "/stopped/toys.partial.csv", atomically: true, encoding: .utf8)
        let resumed = try Toystudy.run(arguments + ["--output", base + "/stopped", "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Self.files(base + "/stopped") == reference)
    }

    /// Without --data the Asimov dataset of the truth stands in; a truth the fit model cannot take (the
    /// systematic example's tau, unused by its generation model, at -1 with a valid start) has none.
    @Test func expectedResultsNeedATruthInsideTheFitModel() throws {
        let example = Toystudy.packageRoot.appendingPathComponent("jobs/examples/systematic-cb-chebyshev.json").path
        let text = try String(contentsOfFile: example, encoding: .utf8)
        let config = Toystudy.temporaryDirectory("bad-truth") + ".json"
        defer { try? FileManager.default.removeItem(atPath: config) }
        try text.replacingOccurrences(of: #""tau":   {"value": 1.5, "min": 0.01}"#, with: #""tau": {"value": -1, "start": 1.5, "min": -5}"#)
            .write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try Toystudy.run(["validate", "--config", config]).status == 0, "toys come from the generation model")
        let outcome = try Toystudy.run(["significance", "--config", config, "--poi", "nsig", "--asymptotic"])
        #expect(outcome.status == 2 && outcome.stdout.isEmpty, "\(outcome.stderr)")
        #expect(outcome.stderr == "toystudy: error: --data: missing, and the config's truth lies outside a pdf's domain, so no Asimov dataset can stand in for it; give the observed data or check the parameters' values\n")
    }

    @Test func badInputIsRefusedWithOneLine() throws {
        // Three events at one place: no fit of the data can be valid, so there is no statistic to test.
        let degenerate = Toystudy.temporaryDirectory("degenerate") + ".csv"
        defer { try? FileManager.default.removeItem(atPath: degenerate) }
        try "x\n5.0\n5.0\n5.0\n".write(toFile: degenerate, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["significance", "--poi", "ns", "--data", degenerate], "--data: the fit of the data is not valid"),
            (["limit", "--poi", "nx", "--scan", "0:10:3"], "--poi: nx is not a parameter"),
            (["limit", "--poi", "mu", "--scan", "0:10:3"], "--poi: mu is fixed"),
            (["limit", "--poi", "ns", "--scan", "-5:10:3"], "--scan: the point -5.0 lies outside"),
            (["limit", "--poi", "ns", "--scan", "10:0:3"], "--scan: expected MIN:MAX:POINTS"),
            (["limit", "--poi", "ns", "--scan", "0:10:3", "--cl", "1.5"], "--cl: must lie between 0 and 1"),
            (["interval", "--poi", "ns", "--scan", "0:10:3", "--toys", "0"], "--toys"),
            (["significance", "--poi", "ns", "--data", "/nonexistent.csv"], "/nonexistent.csv"),
            (["limit", "--poi", "ns", "--scan", "0:10:3", "--toys", "1099511627776"], "--toys: 1099511627776 toys at 3 scan points are more"),
        ]
        for (arguments, message) in cases {
            let output = Toystudy.temporaryDirectory("bad")
            let outcome = try Toystudy.run(arguments + ["--config", Self.weak, "--output", output])
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr.contains(message) && outcome.stderr.split(separator: "\n").count == 1, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty && !FileManager.default.fileExists(atPath: output))
        }
        // A finished test is summarised as md or json; the pull study's tex, csv and --check are refused, whole.
        let finished = Toystudy.temporaryDirectory("finished")
        defer { try? FileManager.default.removeItem(atPath: finished) }
        #expect(try Toystudy.run(["significance", "--config", Self.weak, "--poi", "ns", "--toys", "10", "--output", finished]).status == 0)
        #expect(try Toystudy.run(["summarize", finished, "--format", "json"]).status == 0)
        for flags in [["--format", "tex"], ["--check"]] {
            let outcome = try Toystudy.run(["summarize", finished] + flags)
            #expect(outcome.status == 2 && outcome.stdout.isEmpty, "\(flags): \(outcome.stderr)")
            #expect(outcome.stderr.contains("hypothesis test"), "\(outcome.stderr)")
        }
    }
}
