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

    @OptionGroup var execution: ExecutionOptions

    @OptionGroup var checks: CheckOptions

    func run() throws {
        var config = try study.load()
        if let toys { config.toys.count = try StudyConfig.checkedToyCount(toys, field: "--toys") }
        let launch = try execution.checked(defaultOutput: config.output, toys: config.toys.count)
        let checks = try self.checks.validated()
        let experiment = PullExperiment(study: StudyModel(config: config), seed: config.toys.seed)
        let report = try launch.run(experiment)
        if let summary = report as? StudySummary { checks.enforce(summary) }
    }
}
