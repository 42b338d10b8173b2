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
        let experiment = PullExperiment(study: StudyModel(config: config), seed: config.toys.seed)
        let report = try ExperimentRun(experiment: experiment, output: config.output, shard: slice, resume: resume, threads: threads).run()
        if let summary = report as? StudySummary { checks.enforce(summary) }
    }
}
