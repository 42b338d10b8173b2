import ArgumentParser
import Foundation
import Study

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Write toy I's dataset as CSV, exactly as the study generates it (with channels, one CSV per channel in a directory).")

    @OptionGroup var study: StudyOptions

    @Option(name: .long, parsing: .unconditional, help: "The toy index (0 to toys.count - 1 of the study, or any index >= 0).")
    var toy: Int

    @Option(name: .long, help: "Write the CSV to this file instead of stdout; with channels, the directory for CHANNEL.csv (required).")
    var output: String?

    func run() throws {
        let config = try study.load()
        guard toy >= 0 else { throw ConfigError(field: "--toy", "must be zero or positive (got \(toy))") }
        let output = try output.map { (path: String) throws(ConfigError) in try StudyConfig.checkedOutput(path, field: "--output") }
        if config.isSimultaneous && output == nil {
            throw ConfigError(field: "--output", "missing; a study with channels writes one CSV per channel, so give a directory, e.g. --output toy0")
        }
        let model = StudyModel(config: config)
        let data = model.generate(toy: toy, seed: config.toys.seed)
        let texts = zip(config.channels, data.channels).map { channel, events in
            DatasetCSV.text(observables: channel.observables.map(\.name), columns: events.columns)
        }
        if !data.constraintMeans.isEmpty {
            let means = zip(model.model.constraints, data.constraintMeans)
                .map { "\(config.parameters[$0.parameterIndex].name) = \($1)" }.joined(separator: ", ")
            FileHandle.standardError.write(Data("toystudy: note: toy \(toy)'s constraint means (global observables): \(means)\n".utf8))
        }
        guard let output else {
            FileHandle.standardOutput.write(Data(texts[0].utf8))
            return
        }
        do {
            guard config.isSimultaneous else {
                return try Data(texts[0].utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            }
            let directory = URL(fileURLWithPath: output)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (channel, text) in zip(config.channels, texts) {
                try Data(text.utf8).write(to: directory.appendingPathComponent("\(channel.name).csv"), options: .atomic)
            }
        } catch {
            throw ConfigError(field: "--output", "cannot write \(output) (\(error.localizedDescription)); choose a writable path")
        }
    }
}
