import ArgumentParser
import Study

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a study config and explain what is wrong with it.")

    @OptionGroup var study: StudyOptions

    func run() throws {
        let config = try study.load()
        let free = config.freeParameterIndices.count
        print("\(study.config): OK: study \"\(config.name)\", \(config.parameters.count) parameters (\(free) free), "
              + "\(config.channels.reduce(0) { $0 + $1.model.count }) components, \(config.toys.count) toys, seed \(config.toys.seed), output \(config.output)")
    }
}
