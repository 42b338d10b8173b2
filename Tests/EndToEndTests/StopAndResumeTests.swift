import Foundation
import Testing

/// Stops as batch systems and users make them (SIGTERM at a time limit, Ctrl-C), and the resume that follows.
@Suite(.serialized) struct StopAndResumeTests {
    func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// Enough seed toys that a run is still going when the signal follows its first stored rows: at 0.3 ms a
    /// toy, 400 toys can end within a busy machine's scheduling delay.
    static let toys = 3000

    /// SIGTERM and SIGINT stop a local run with 143 and 130 and say how to resume; --resume then finishes to the
    /// toys.csv and summary of an uninterrupted run, and a further --resume says the study is complete.
    @Test func signalsStopAndResumeFinishesIdentically() throws {
        let whole = Toystudy.temporaryDirectory("whole"), stopped = Toystudy.temporaryDirectory("stopped")
        defer { for path in [whole, stopped] { try? FileManager.default.removeItem(atPath: path) } }
        let arguments = ["--config", Toystudy.seedPeak, "--toys", "\(Self.toys)"]
        #expect(try Toystudy.run(arguments + ["--output", whole]).status == 0)

        let first = try StoppedRun(arguments, output: stopped)
        #expect(first.waitForRows(30) >= 30)
        let term = first.stop(with: SIGTERM)
        #expect(term.status == 143, "\(term.stderr)")
        #expect(term.stderr.contains("stopped by SIGTERM"), "\(term.stderr)")
        #expect(term.stderr.contains("run the same command with --resume"), "\(term.stderr)")
        let afterTerm = first.storedRows
        #expect(afterTerm >= 30 && afterTerm < Self.toys)
        #expect(term.stderr.contains("\(afterTerm) of \(Self.toys) toys are stored"), "the message counts what is on disk")
        #expect(!FileManager.default.fileExists(atPath: stopped + "/toys.csv"))

        let second = try StoppedRun(arguments + ["--resume"], output: stopped)
        #expect(second.waitForRows(afterTerm + 30) >= afterTerm + 30)
        let int = second.stop(with: SIGINT)
        #expect(int.status == 130, "\(int.stderr)")
        #expect(int.stderr.contains("stopped by SIGINT"), "\(int.stderr)")

        let resumed = try Toystudy.run(arguments + ["--output", stopped, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        for file in ["toys.csv", "summary.json", "summary.md"] {
            #expect(try text(stopped + "/" + file) == text(whole + "/" + file), "\(file)")
        }
        let again = try Toystudy.run(arguments + ["--output", stopped, "--resume"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("is already complete (\(Self.toys) toys); nothing left to fit"), "\(again.stdout)")
        #expect(again.stdout.contains("| parameter | true | toys used |"), "the summary is printed")
        #expect(!again.stdout.contains("toys fitted"))
    }

    /// Under mpirun -n 2, SIGTERM to the ranks (as srun and mpirun pass it on) stops rank 0 and the worker
    /// cleanly; SIGTERM to the worker alone stops the study too (rank 0 learns it from the worker). Each time
    /// rank 0 reports and mpirun exits with 143, and the study resumes to the same toys.csv.
    @Test func mpirunStopsCleanlyAndResumes() throws {
        let whole = Toystudy.temporaryDirectory("whole"), stopped = Toystudy.temporaryDirectory("mpi-stopped")
        defer { for path in [whole, stopped] { try? FileManager.default.removeItem(atPath: path) } }
        let arguments = ["--config", Toystudy.seedPeak, "--toys", "\(Self.toys)", "--threads", "1"]
        #expect(try Toystudy.run(arguments + ["--output", whole]).status == 0)
        var stored = 0
        for (attempt, ranks) in [nil, Set([1])].enumerated() {
            let run = try StoppedRun(arguments + (attempt > 0 ? ["--resume"] : []), output: stopped, mpiRanks: 2)
            #expect(run.waitForRows(stored + 40) >= stored + 40)
            let start = Date()
            let outcome = run.stop(with: SIGTERM, ranks: ranks)
            #expect(outcome.status == 143, "\(outcome.stderr)")
            #expect(outcome.stderr.contains("stopped by SIGTERM"), "\(outcome.stderr)")
            #expect(Date().timeIntervalSince(start) < 10, "no rank hangs")
            stored = run.storedRows
            #expect(stored < Self.toys)
        }
        let resumed = try Toystudy.run(arguments + ["--output", stopped, "--resume"], mpiRanks: 2)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try text(stopped + "/toys.csv") == text(whole + "/toys.csv"))
    }

    /// 10^12 toys start at once in small memory, stop, and resume where they stopped.
    @Test func aTrillionToysStartStopAndResume() throws {
        let output = Toystudy.temporaryDirectory("trillion")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let tiny = Toystudy.packageRoot.appendingPathComponent("jobs/examples/tiny-gauss.json").path
        let arguments = ["--config", tiny, "--toys", "1000000000000", "--threads", "1"]
        let first = try StoppedRun(arguments, output: output)
        #expect(first.waitForRows(200) >= 200)
        #expect(first.residentMegabytes < 100, "resident \(first.residentMegabytes) MB")
        let stop = first.stop(with: SIGTERM)
        #expect(stop.status == 143, "\(stop.stderr)")
        let stored = first.storedRows
        #expect(stop.stderr.contains("\(stored) of 1000000000000 toys are stored"), "\(stop.stderr)")

        let second = try StoppedRun(arguments + ["--resume"], output: output)
        #expect(second.waitForRows(stored + 100) >= stored + 100)
        #expect(second.stop(with: SIGTERM).status == 143)
        let rows = try text(output + "/toys.partial.csv").split(separator: "\n").dropFirst().map { Int($0.prefix { $0 != "," })! }
        #expect(Set(rows).count == rows.count, "no toy twice")
        #expect(rows.max()! < rows.count + 8, "the resume went on where the first run stopped")
    }
}
