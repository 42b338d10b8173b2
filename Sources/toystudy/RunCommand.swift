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

    func run() throws {
        var config = try study.load()
        if let toys { config.toys.count = try StudyConfig.checkedToyCount(toys, field: "--toys") }
        if let output { config.output = try StudyConfig.checkedOutput(output, field: "--output") }
        if let threads, threads < 1 {
            throw ConfigError(field: "--threads", "must be at least 1 (got \(threads))")
        }
        let slice = try shard.map { (text: String) throws(ConfigError) in try Shard(parsing: text, toys: config.toys.count) }
        let model = StudyModel(config: config)
        let runner = ToyRunner(study: model, seed: config.toys.seed)
        let cores = ProcessInfo.processInfo.activeProcessorCount

        guard Communicator.isLaunchedByMPI else {
            let store = try ResultStore(study: model, directory: config.output, resume: resume, shard: slice)
            report(try StudyExecutor.runLocally(store: store, runner: runner, threads: threads ?? cores), output: config.output)
            return
        }
        let communicator = Communicator()
        let perRank = threads ?? max(1, cores / Communicator.localSize)
        if communicator.rank == 0 {
            let store: ResultStore
            do {
                store = try ResultStore(study: model, directory: config.output, resume: resume, shard: slice)
            } catch {
                StudyExecutor.releaseWorkers(communicator: communicator)
                communicator.finalize()
                throw error
            }
            report(try StudyExecutor.coordinate(store: store, runner: runner, threads: perRank, communicator: communicator),
                   output: config.output)
        } else {
            StudyExecutor.work(runner: runner, threads: perRank, communicator: communicator)
        }
        communicator.finalize()
    }

    private func report(_ outcome: (StudySummary, String), output: String) {
        print(outcome.0.markdown)
        print("\(outcome.1); results in \(output)/")
    }
}
