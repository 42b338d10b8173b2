import ArgumentParser
import Study

struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize", abstract: "Print the pull table of a finished study's output directory.")

    @Argument(help: "A study's output directory (with study.json and toys.csv).")
    var directory: String

    @Option(name: .long, help: "Table format: markdown or json.")
    var format: String = "markdown"

    func run() throws {
        guard format == "markdown" || format == "json" else {
            throw ConfigError(field: "--format", "must be markdown or json (got \"\(format)\")")
        }
        let folder = ResultDirectory(path: directory)
        guard let studyText = folder.read(ResultDirectory.studyFile) else {
            throw ConfigError(field: "directory", "\(directory) is not a toystudy output directory (no study.json)")
        }
        let experiment = try StoredExperiment.restore(studyText: studyText, field: "\(directory)/\(ResultDirectory.studyFile)")
        guard folder.exists(ResultDirectory.toysFile) else {
            throw ConfigError(field: "directory", "\(directory) has no toys.csv yet; finish the study with --resume")
        }
        let summary = try folder.summarizeToys(experiment: experiment)
        print(format == "json" ? summary.json.serialized(indent: 2) : summary.markdown)
    }
}
