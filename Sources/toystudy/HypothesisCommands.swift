import ArgumentParser
import Foundation
import Study

/// The options every hypothesis-test command shares (an interface: flags are only ever added).
struct HypothesisOptions: ParsableArguments {
    @OptionGroup var study: StudyOptions

    @Option(name: .long, help: ArgumentHelp("The observed dataset: a CSV with a column named after each observable; in a study with channels CHANNEL=FILE, once for every channel. Without it, the Asimov dataset of the config's truth (expected results).", valueName: "file"))
    var data: [String] = []

    @Option(name: .long, help: "The parameter of interest: a free parameter with a min (its physical lower boundary, 0 for a yield).")
    var poi: String

    @Option(name: .long, parsing: .unconditional, help: "Toys per scan point and hypothesis (limit: the most per point; default 10000; else the config's toys.count).")
    var toys: Int?

    /// --output defaults to the config's output with -significance, -limit or -interval appended.
    @OptionGroup var execution: ExecutionOptions

    @Flag(name: .long, help: "Print summary.json's content on stdout instead of the table.")
    var json = false

    /// Prepares the test from the data and runs its toys (or, `asymptotic`, prints the asymptotic results alone).
    func run(_ kind: HypothesisTest.Kind, scan: [Double], cl: Double, asymptotic: Bool = false) throws {
        let config = try study.load()
        let count = try StudyConfig.checkedToyCount(toys ?? (kind == .limit ? 10_000 : config.toys.count), field: "--toys")
        // Keys (point, hypothesis, toy) must stay exact in a double; the stream index keeps toys below 2^40.
        guard count < 1 << 40, count * scan.count * 2 < 1 << 52 else {
            throw ConfigError(field: "--toys", "\(count) toys at \(scan.count) scan points are more than a test can number; use fewer")
        }
        var launch = try execution.checked(defaultOutput: config.output + "-\(kind.rawValue)", toys: count)
        let observed = data.isEmpty ? nil : try ObservedData.dataset(paths: data, config: config)
        let model = StudyModel(config: config)
        let test = try HypothesisTest.prepare(kind, study: model, poi: poi, scan: scan, cl: cl, toys: count, data: observed)
        let experiment = HypothesisExperiment(test: test, study: model)
        if asymptotic {
            let report = try experiment.report { _ in }
            print(json ? report.json.serialized(indent: 2) : report.markdown)
            return
        }
        launch.printJSON = json
        try launch.run(experiment)
    }
}

/// `--scan MIN:MAX:POINTS`: POINTS equally spaced values from MIN to MAX inclusive.
func scanPoints(_ text: String) throws(ConfigError) -> [Double] {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 3, let low = Double(parts[0]), let high = Double(parts[1]), let count = Int(parts[2]),
          low.isFinite, high.isFinite, low < high, (2...1000).contains(count) else {
        throw ConfigError(field: "--scan", "expected MIN:MAX:POINTS with MIN < MAX and 2 to 1000 points, e.g. --scan 0:100:21 (got \"\(text)\")")
    }
    return (0..<count).map { low + (high - low) * Double($0) / Double(count - 1) }
}

/// A confidence level strictly between 0 and 1.
func confidenceLevel(_ value: Double) throws(ConfigError) -> Double {
    guard value > 0 && value < 1 else { throw ConfigError(field: "--cl", "must lie between 0 and 1, e.g. 0.95 (got \(value))") }
    return value
}

struct SignificanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "significance",
        abstract: "Discovery significance of the data with toys: q0 under poi = its boundary, p-value and Z beside the asymptotic ones.")

    @OptionGroup var options: HypothesisOptions

    @Flag(name: .long, help: "The asymptotic formulas alone, no toys.")
    var asymptotic = false

    func run() throws { try options.run(.significance, scan: [], cl: 0.6827, asymptotic: asymptotic) }
}

struct LimitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limit",
        abstract: "CLs upper limit with toys: q~_mu at every scan point, adaptive toys, observed and expected limits beside the asymptotic ones.")

    @OptionGroup var options: HypothesisOptions

    @Option(name: .long, parsing: .unconditional, help: "The scan of the poi: MIN:MAX:POINTS.")
    var scan: String

    @Option(name: .long, help: "Confidence level.")
    var cl: Double = 0.95

    @Flag(name: .long, help: "The asymptotic formulas alone, no toys.")
    var asymptotic = false

    func run() throws { try options.run(.limit, scan: try scanPoints(scan), cl: try confidenceLevel(cl), asymptotic: asymptotic) }
}

struct IntervalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interval",
        abstract: "Feldman-Cousins interval with toys: t~_mu ordering, nuisances profiled, at every scan point.")

    @OptionGroup var options: HypothesisOptions

    @Option(name: .long, parsing: .unconditional, help: "The scan of the poi: MIN:MAX:POINTS.")
    var scan: String

    @Option(name: .long, help: "Confidence level.")
    var cl: Double = 0.6827

    func run() throws { try options.run(.interval, scan: try scanPoints(scan), cl: try confidenceLevel(cl)) }
}
