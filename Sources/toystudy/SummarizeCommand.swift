import ArgumentParser
import Study

struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize", abstract: "Print the pull table of a finished study's output directory, or check it.")

    @Argument(help: "A study's output directory (with study.json and toys.csv).")
    var directory: String

    @Option(name: .long, help: "Output format: md (also markdown), json, tex or csv.")
    var format: String = "md"

    @OptionGroup var checks: CheckOptions

    /// How a summary is written in `format`; "markdown" was the first name of md.
    /// Only a pull study's summary has tex and csv forms (nil for a hypothesis test's report).
    private static func writer(_ format: String) -> ((any StudyReport) -> String?)? {
        switch format {
        case "md", "markdown": return { $0.markdown }
        case "json": return { $0.json.serialized(indent: 2) + "\n" }
        case "tex": return { ($0 as? StudySummary)?.latex }
        case "csv": return { ($0 as? StudySummary)?.csv }
        default: return nil
        }
    }

    func run() throws {
        guard let writer = Self.writer(format) else {
            throw ConfigError(field: "--format", "must be md, json, tex or csv (got \"\(format)\")")
        }
        let checks = try self.checks.validated()
        let folder = ResultDirectory(path: directory)
        guard let studyText = folder.read(ResultDirectory.studyFile) else {
            throw ConfigError(field: "directory", "\(directory) is not a toystudy output directory (no study.json)")
        }
        let experiment = try StoredExperiment.restore(studyText: studyText, field: "\(directory)/\(ResultDirectory.studyFile)")
        guard folder.exists(ResultDirectory.toysFile) else {
            throw ConfigError(field: "directory", "\(directory) has no toys.csv yet; finish the study with --resume")
        }
        let report = try folder.summarizeToys(experiment: experiment)
        guard let text = writer(report) else {
            throw ConfigError(field: "--format", "\(format) is written for pull studies; this directory holds a hypothesis test: use md or json")
        }
        let summary = report as? StudySummary
        if checks.check && summary == nil {
            throw ConfigError(field: "--check", "checks the pulls of a pull study; this directory holds a hypothesis test")
        }
        print(text, terminator: "")
        if let summary { checks.enforce(summary) }
    }
}
