import ArgumentParser
import Study

/// The study config and the flags that override it, shared by the subcommands.
struct StudyOptions: ParsableArguments {
    @Option(name: .long, help: "The study config (JSON).")
    var config: String

    @Option(name: .long, help: "Toy seed; overrides toys.seed. Toy i depends only on (seed, i).")
    var seed: Int?

    func load() throws(ConfigError) -> StudyConfig {
        var study = try StudyConfig.load(path: config)
        if let seed {
            guard seed >= 0 else { throw ConfigError(field: "--seed", "must be zero or positive (got \(seed))") }
            study.toys.seed = UInt64(seed)
        }
        return study
    }
}
