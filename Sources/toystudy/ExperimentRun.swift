import Cluster
import Foundation
import Study

/// Runs an experiment's study the way every study command does: on the local cores, or under mpirun with rank 0
/// storing; `--resume`, `--shard` and stops by signal alike; prints the report (summary.md) and a line on where
/// the results are.
struct ExperimentRun {
    let output: String
    let shard: Shard?
    let resume: Bool
    let threads: Int?
    /// Prints the report as the command's result (`--json`: summary.json) instead of the table.
    var printJSON = false

    /// Returns the report (nil on MPI ranks other than 0, which only fit).
    @discardableResult
    func run(_ experiment: any Experiment) throws -> (any StudyReport)? {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        StopSignal.install()
        guard Communicator.isLaunchedByMPI else {
            let store = try openStore(experiment)
            do {
                return try report(store) { try StudyExecutor.runLocally(store: store, threads: threads ?? cores) }
            } catch let stop as StudyStopped {
                stopped(stop)
            }
        }
        let communicator = Communicator()
        let perRank = threads ?? max(1, cores / Communicator.localSize)
        guard communicator.rank == 0 else {
            StudyExecutor.work(experiment: experiment, threads: perRank, communicator: communicator)
            // A stopped worker exits with 0: a non-zero exit makes mpirun abort rank 0 before it reports the stop.
            communicator.finalize()
            return nil
        }
        let store: ResultStore
        do {
            store = try openStore(experiment)
        } catch {
            StudyExecutor.releaseWorkers(communicator: communicator)
            communicator.finalize()
            throw error
        }
        if store.isComplete { StudyExecutor.releaseWorkers(communicator: communicator) }
        let result: any StudyReport
        do {
            result = try report(store) { try StudyExecutor.coordinate(store: store, threads: perRank, communicator: communicator) }
        } catch let stop as StudyStopped {
            stopped(stop) { communicator.finalize() }
        }
        communicator.finalize()
        return result
    }

    private func openStore(_ experiment: any Experiment) throws -> ResultStore {
        do {
            return try ResultStore(experiment: experiment, directory: output, resume: resume, shard: shard)
        } catch let error as StoreError {
            throw StoreError("\(error); \(output) stays resumable: once there is space, run the same command with --resume to finish the study")
        }
    }

    /// Runs the study and prints its report, or, for a study already complete, says so and prints its report.
    private func report(_ store: ResultStore, run: () throws -> (any StudyReport, String)) throws -> any StudyReport {
        if store.isComplete {
            let report = try store.finish()
            show(report)
            say("the study in \(output)/ is already complete (\(store.finished.count) toys); nothing left to fit")
            return report
        }
        let outcome: (any StudyReport, String)
        do {
            outcome = try run()
        } catch let error as StoreError {
            throw StoreError("\(error); once fixed, run the same command with --resume to finish the study")
        }
        show(outcome.0)
        say("\(outcome.1); results in \(output)/")
        return outcome.0
    }

    /// A line after the report: on stdout below the table, on stderr when stdout carries JSON.
    private func say(_ line: String) {
        if printJSON {
            FileHandle.standardError.write(Data("toystudy: \(line)\n".utf8))
        } else {
            print(line)
        }
    }

    private func show(_ report: any StudyReport) {
        print(printJSON ? report.json.serialized(indent: 2) : report.markdown)
    }

    /// After a stop by a signal: says what is stored and how to finish, runs `ending` (MPI's finalize) and exits
    /// with 128 + the signal. The message comes first, so that nothing can hide it.
    private func stopped(_ stop: StudyStopped, ending: () -> Void = {}) -> Never {
        FileHandle.standardError.write(Data("""
            toystudy: stopped by \(StopSignal.name(stop.signal)); \(stop.stored) of \(stop.total) toys are stored in \(output)/; \
            run the same command with --resume to finish the study

            """.utf8))
        ending()
        Foundation.exit(StopSignal.exitCode(stop.signal))
    }
}
