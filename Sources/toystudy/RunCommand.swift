import ArgumentParser
import Cluster
import Foundation
import Study

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a study: generate and fit every toy, store toys.csv and the pull summaries (the default command).")

    @OptionGroup var study: StudyOptions

    @Option(name: .long, parsing: .unconditional, help: "Number of toys; overrides toys.count.")
    var toys: Int?

    @Option(name: .long, help: "Output directory; overrides output.")
    var output: String?

    @Option(name: .long, parsing: .unconditional, help: "Fitting threads per process (default: the cores, shared among the ranks of a node).")
    var threads: Int?

    @Option(name: .long, help: "Run only shard K of N (K/N, 0 <= K < N): toys [K*count/N, (K+1)*count/N), for job arrays; join with toystudy merge.")
    var shard: String?

    @Flag(name: .long, help: "Finish an interrupted study in its output directory; the result equals an uninterrupted run.")
    var resume = false

    @OptionGroup var checks: CheckOptions

    func run() throws {
        var config = try study.load()
        if let toys { config.toys.count = try StudyConfig.checkedToyCount(toys, field: "--toys") }
        if let output { config.output = try StudyConfig.checkedOutput(output, field: "--output") }
        if let threads, threads < 1 {
            throw ConfigError(field: "--threads", "must be at least 1 (got \(threads))")
        }
        let checks = try self.checks.validated()
        let slice = try shard.map { (text: String) throws(ConfigError) in try Shard(parsing: text, toys: config.toys.count) }
        let model = StudyModel(config: config)
        let runner = ToyRunner(study: model, seed: config.toys.seed)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        StopSignal.install()

        guard Communicator.isLaunchedByMPI else {
            let store = try openStore(model, output: config.output, shard: slice)
            do {
                checks.enforce(try report(store, output: config.output) {
                    try StudyExecutor.runLocally(store: store, runner: runner, threads: threads ?? cores)
                })
            } catch let stop as StudyStopped {
                stopped(stop, output: config.output)
            }
            return
        }
        let communicator = Communicator()
        let perRank = threads ?? max(1, cores / Communicator.localSize)
        guard communicator.rank == 0 else {
            StudyExecutor.work(runner: runner, threads: perRank, communicator: communicator)
            // A stopped worker exits with 0: a non-zero exit makes mpirun abort rank 0 before it reports the stop.
            communicator.finalize()
            return
        }
        let store: ResultStore
        do {
            store = try openStore(model, output: config.output, shard: slice)
        } catch {
            StudyExecutor.releaseWorkers(communicator: communicator)
            communicator.finalize()
            throw error
        }
        if store.isComplete { StudyExecutor.releaseWorkers(communicator: communicator) }
        let summary: StudySummary
        do {
            summary = try report(store, output: config.output) {
                try StudyExecutor.coordinate(store: store, runner: runner, threads: perRank, communicator: communicator)
            }
        } catch let stop as StudyStopped {
            stopped(stop, output: config.output) { communicator.finalize() }
        }
        communicator.finalize()
        checks.enforce(summary)
    }

    private func openStore(_ model: StudyModel, output: String, shard: Shard?) throws -> ResultStore {
        do {
            return try ResultStore(study: model, directory: output, resume: resume, shard: shard)
        } catch let error as StoreError {
            throw StoreError("\(error); \(output) stays resumable: once there is space, run the same command with --resume to finish the study")
        }
    }

    /// Runs the study and prints its table, or, for a study already complete, says so and prints its table.
    private func report(_ store: ResultStore, output: String, run: () throws -> (StudySummary, String)) throws -> StudySummary {
        if store.isComplete {
            let summary = try store.finish()
            print(summary.markdown)
            print("the study in \(output)/ is already complete (\(summary.toys) toys); nothing left to fit")
            return summary
        }
        let outcome: (StudySummary, String)
        do {
            outcome = try run()
        } catch let error as StoreError {
            throw StoreError("\(error); once fixed, run the same command with --resume to finish the study")
        }
        print(outcome.0.markdown)
        print("\(outcome.1); results in \(output)/")
        return outcome.0
    }

    /// After a stop by a signal: says what is stored and how to finish, runs `ending` (MPI's finalize) and exits
    /// with 128 + the signal. The message comes first, so that nothing can hide it.
    private func stopped(_ stop: StudyStopped, output: String, ending: () -> Void = {}) -> Never {
        FileHandle.standardError.write(Data("""
            toystudy: stopped by \(StopSignal.name(stop.signal)); \(stop.stored) of \(stop.total) toys are stored in \(output)/; \
            run the same command with --resume to finish the study

            """.utf8))
        ending()
        Foundation.exit(StopSignal.exitCode(stop.signal))
    }
}
