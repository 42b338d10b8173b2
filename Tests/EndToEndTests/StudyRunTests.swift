import Foundation
import Study
import Testing

/// The whole pipeline as users run it: the binary, with and without mpirun.
@Suite(.serialized) struct StudyRunTests {
    func toysCSV(_ directory: String) throws -> String {
        try String(contentsOfFile: directory + "/toys.csv", encoding: .utf8)
    }

    /// Per-toy results do not depend on the layout: 4 MPI ranks and local threads give the same bytes.
    @Test func mpirunAndLocalThreadsGiveIdenticalToys() throws {
        let local = Toystudy.temporaryDirectory("local"), mpi = Toystudy.temporaryDirectory("mpi")
        defer { for path in [local, mpi] { try? FileManager.default.removeItem(atPath: path) } }
        let a = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "200", "--output", local])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "200", "--output", mpi], mpiRanks: 4)
        #expect(b.status == 0, "\(b.stderr)")
        let rows = try toysCSV(local)
        #expect(rows.split(separator: "\n").count == 201)
        #expect(try toysCSV(mpi) == rows)
        #expect(b.stdout.contains("| parameter | true | toys used |"), "rank 0 prints the pull table")
    }

    /// On 1000 toys of the seed model the fit is unbiased with correct errors. The pull mean's standard error is
    /// 1/sqrt(1000) = 0.032 and the width's 0.022, so the bounds 0.15 and 0.1 are more than 4.5 standard errors.
    @Test func seedModelPullsAreStandardNormal() throws {
        let output = Toystudy.temporaryDirectory("pulls")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let outcome = try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "1000", "--output", output])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try JSONParser.parse(try String(contentsOfFile: output + "/summary.json", encoding: .utf8))
        guard case let .object(top) = summary, case let .object(parameters)? = top.first(where: { $0.key == "parameters" })?.value
        else { Issue.record("summary.json has no parameters"); return }
        #expect(parameters.map(\.key) == ["ns", "nb", "mu", "sigma", "tau"])
        for (name, entry) in parameters {
            guard case let .object(fields) = entry,
                  case let .number(mean)? = fields.first(where: { $0.key == "pull_mean" })?.value,
                  case let .number(width)? = fields.first(where: { $0.key == "pull_width" })?.value,
                  case let .number(used)? = fields.first(where: { $0.key == "toys_used" })?.value
            else { Issue.record("\(name): missing pull statistics"); continue }
            #expect(abs(mean) < 0.15, "\(name) pull mean \(mean)")
            #expect(abs(width - 1) < 0.1, "\(name) pull width \(width)")
            #expect(used >= 990, "\(name): only \(used) valid toys")
        }
        #expect(FileManager.default.fileExists(atPath: output + "/summary.md"))
    }

    /// `generate --toy i` reproduces toy i alone, and `fit` on it is the fit the study gave toy i.
    @Test func generateAndFitReproduceOneToy() throws {
        let output = Toystudy.temporaryDirectory("one")
        let data = output + "-toy3.csv"
        defer { for path in [output, data] { try? FileManager.default.removeItem(atPath: path) } }
        #expect(try Toystudy.run(["--config", Toystudy.seedPeak, "--toys", "4", "--output", output]).status == 0)
        #expect(try Toystudy.run(["generate", "--config", Toystudy.seedPeak, "--toy", "3", "--output", data]).status == 0)
        let stdout = try Toystudy.run(["generate", "--config", Toystudy.seedPeak, "--toy", "3"]).stdout
        #expect(try String(contentsOfFile: data, encoding: .utf8) == stdout)
        let fit = try Toystudy.run(["fit", "--config", Toystudy.seedPeak, "--data", data, "--json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let result = try JSONParser.parse(fit.stdout)
        guard case let .object(top) = result else { Issue.record("fit --json is not an object"); return }
        #expect(top.map(\.key).starts(with: ["valid", "nll", "edm", "nfcn", "parameters"]))
        let row = try toysCSV(output).split(separator: "\n")[4].split(separator: ",")
        #expect(row[0] == "3")
        guard case let .number(nll)? = top.first(where: { $0.key == "nll" })?.value,
              case let .object(parameters)? = top.first(where: { $0.key == "parameters" })?.value,
              case let .object(ns) = parameters[0].value,
              case let .number(value)? = ns.first(where: { $0.key == "value" })?.value
        else { Issue.record("fit --json shape: \(fit.stdout)"); return }
        #expect(nll == Double(row[2]))
        #expect(value == Double(row[6]))
        #expect(Int(row[25]) == stdout.split(separator: "\n").count - 1, "events column = generated events")
    }

    /// A kill -9 in the middle of a study loses only the toys in flight; --resume finishes it and the result
    /// equals an uninterrupted run.
    @Test func resumeAfterKillEqualsAnUninterruptedRun() throws {
        let whole = Toystudy.temporaryDirectory("whole"), killed = Toystudy.temporaryDirectory("killed")
        defer { for path in [whole, killed] { try? FileManager.default.removeItem(atPath: path) } }
        // Enough toys that the run is still going when the kill follows its 20th stored row (0.3 ms a toy).
        let study = ["--config", Toystudy.seedPeak, "--toys", "3000"]
        #expect(try Toystudy.run(study + ["--output", whole]).status == 0)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Toystudy.binary)
        process.arguments = study + ["--output", killed]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let partial = killed + "/toys.partial.csv"
        let deadline = Date().addingTimeInterval(120)
        func rows() -> Int { ((try? String(contentsOfFile: partial, encoding: .utf8)) ?? "").split(separator: "\n").count - 1 }
        while rows() < 20 && Date() < deadline { usleep(2_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let done = rows()
        #expect(done >= 20 && done < 3000, "killed after \(done) toys")
        #expect(!FileManager.default.fileExists(atPath: killed + "/toys.csv"))

        let resumed = try Toystudy.run(study + ["--output", killed, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try toysCSV(killed) == toysCSV(whole))
        #expect(try String(contentsOfFile: killed + "/summary.json", encoding: .utf8)
                == String(contentsOfFile: whole + "/summary.json", encoding: .utf8))
    }
}
