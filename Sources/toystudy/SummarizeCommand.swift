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
    private static func writer(_ format: String) -> ((StudySummary) -> String)? {
        switch format {
        case "md", "markdown": return { $0.markdown }
        case "json": return { $0.json.serialized(indent: 2) + "\n" }
        case "tex": return { $0.latex }
        case "csv": return { $0.csv }
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
        let study = StudyModel(config: try StudyConfig.parse(studyText))
        guard folder.exists(ResultDirectory.toysFile) else {
            throw ConfigError(field: "directory", "\(directory) has no toys.csv yet; finish the study with --resume")
        }
        let summary = try folder.summarizeToys(study: study)
        print(writer(summary), terminator: "")
        checks.enforce(summary)
    }
}
