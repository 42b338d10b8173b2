import ArgumentParser
import Study

/// The study config and the flags that override it, shared by the subcommands.
struct StudyOptions: ParsableArguments {
    @Option(name: .long, help: "The study config (JSON).")
    var config: String

    /// Read as text and converted exactly (all 64 bits); `.unconditional` so that "-1" reaches the check that
    /// says what is wrong with it instead of being taken for a flag.
    @Option(name: .long, parsing: .unconditional, help: "Toy seed (0 to 2^64 - 1); overrides toys.seed. Toy i depends only on (seed, i).")
    var seed: String?

    func load() throws(ConfigError) -> StudyConfig {
        var study = try StudyConfig.load(path: config)
        if let seed { study.toys.seed = try StudyConfig.seed(parsing: seed, field: "--seed") }
        return study
    }
}
