import ArgumentParser
import Foundation
import Likelihood
import Minimizer
import Study

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit one dataset (real data or a generated toy) with the study's model, exactly as every toy is fitted.")

    @OptionGroup var study: StudyOptions

    @Option(name: .long, help: "CSV file with a column named after each observable; with channels, CHANNEL=FILE once per channel.")
    var data: [String]

    @Flag(name: .long, help: "Print the result as one JSON object.")
    var json = false

    @Option(name: .long, parsing: .unconditional, help: "Threads inside each likelihood call (default 1); pays off for large datasets.")
    var nllThreads: Int = 1

    func run() throws {
        let config = try study.load()
        guard nllThreads >= 1 else { throw ConfigError(field: "--nll-threads", "must be at least 1 (got \(nllThreads))") }
        let dataset = try ObservedData.dataset(paths: data, config: config)
        let model = StudyModel(config: config)
        let pool = nllThreads > 1 ? WorkerPool(threads: nllThreads) : nil
        let result = DatasetFitter(study: model, pool: pool).fit(dataset)
        print(json ? Self.json(result, config: config).compact : Self.table(result, config: config, events: dataset.eventCount))
    }


    /// `{"valid", "nll", "edm", "nfcn", "parameters": {P: {"value", "error", "minos"?}}}`: an interface, keys are
    /// only ever added.
    static func json(_ result: FitResult, config: StudyConfig) -> JSONValue {
        .object([
            ("valid", .bool(result.isValid)),
            ("nll", .number(result.fval)),
            ("edm", .number(result.edm)),
            ("nfcn", .number(Double(result.nfcn))),
            ("parameters", .object(config.parameters.indices.map { i in
                var fields: [(key: String, value: JSONValue)] = [("value", .number(result.values[i])),
                                                                  ("error", .number(result.errors[i]))]
                if let minos = result.minos[i] { fields.append(("minos", .array([.number(minos.lower), .number(minos.upper)]))) }
                return (config.parameters[i].name, .object(fields))
            })),
            ("ngrad", .number(Double(result.ngrad))),
            ("status", .string(ToyStatus(result, minosRequested: !config.fit.minos.isEmpty).label)),
        ])
    }

    /// The header line names the status, so that a valid fit with an unconstrained parameter (`singular_hessian`)
    /// or at a limit says so beside its nan error.
    static func table(_ result: FitResult, config: StudyConfig, events: Int) -> String {
        let status = ToyStatus(result, minosRequested: !config.fit.minos.isEmpty).label
        var lines = ["\(events) events, valid \(result.isValid ? "yes" : "no"), status \(status), nll " + String(format: "%.6f", result.fval)
                 + ", edm " + String(format: "%.3g", result.edm) + ", nfcn \(result.nfcn)", "",
                 "| parameter | value | error | minos lower | minos upper |", "|---|---:|---:|---:|---:|"]
        for (i, parameter) in config.parameters.enumerated() {
            let minos = result.minos[i].map { [String(format: "%.6g", $0.lower), String(format: "+%.6g", $0.upper)] } ?? ["", ""]
            lines.append("| \(parameter.name)\(parameter.fixed ? " (fixed)" : "") | " + String(format: "%.6g", result.values[i])
                         + " | " + String(format: "%.3g", result.errors[i]) + " | \(minos[0]) | \(minos[1]) |")
        }
        return lines.joined(separator: "\n")
    }
}
