import ArgumentParser
import Study

/// Where and how a study runs, shared by `run` and the hypothesis tests (flags are an interface).
struct ExecutionOptions: ParsableArguments {
    @Option(name: .long, help: "Output directory; overrides the config's output.")
    var output: String?

    @Option(name: .long, parsing: .unconditional, help: "Fitting threads per process (default: the cores, shared among the ranks of a node).")
    var threads: Int?

    @Option(name: .long, help: "Run only shard K of N (K/N, 0 <= K < N): toys [K*count/N, (K+1)*count/N) (of every scan point), for job arrays; join with toystudy merge.")
    var shard: String?

    @Flag(name: .long, help: "Finish an interrupted study in its output directory; the result equals an uninterrupted run.")
    var resume = false

    /// How to run a study into `defaultOutput` (unless --output gives another), with the flags checked before
    /// any work: `toys` is the count --shard slices.
    func checked(defaultOutput: String, toys: Int) throws(ConfigError) -> ExperimentRun {
        let directory = try output.map { (path: String) throws(ConfigError) in try StudyConfig.checkedOutput(path, field: "--output") }
        if let threads, threads < 1 { throw ConfigError(field: "--threads", "must be at least 1 (got \(threads))") }
        let slice = try shard.map { (text: String) throws(ConfigError) in try Shard(parsing: text, toys: toys) }
        return ExperimentRun(output: directory ?? defaultOutput, shard: slice, resume: resume, threads: threads)
    }
}
