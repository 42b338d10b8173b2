import ArgumentParser
import Study

struct AsimovCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asimov",
        abstract: "Fit the Asimov dataset of the config's truth (expected counts on fine bins), as every toy is fitted: the expected errors without toys.")

    @OptionGroup var study: StudyOptions

    @Flag(name: .long, help: "Print the result as one JSON object (the keys of fit --json).")
    var json = false

    func run() throws {
        let config = try study.load()
        guard let (fit, asimov) = PullExperiment(study: StudyModel(config: config), seed: config.toys.seed).asimovFit() else {
            throw ConfigError(field: "--config", "the truth lies outside a pdf's domain, so there is no Asimov dataset; check the parameters' values")
        }
        print(json ? FitCommand.json(fit, config: config).compact
                   : FitCommand.table(fit, config: config, events: Int(asimov.eventCount.rounded())))
    }
}
