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
        let paths = try Self.dataPaths(data, config: config)
        let dataset = Dataset(channels: try zip(config.channels, paths).map { channel, path throws(ConfigError) in
            try Self.events(of: channel, path: path)
        })
        let model = StudyModel(config: config)
        let pool = nllThreads > 1 ? WorkerPool(threads: nllThreads) : nil
        let result = DatasetFitter(study: model, pool: pool).fit(dataset)
        print(json ? Self.json(result, config: config).compact : Self.table(result, config: config, events: dataset.eventCount))
    }

    /// The file of each channel, in channel order: one `--data FILE` for a study without channels, else
    /// `--data CHANNEL=FILE` once for every channel.
    static func dataPaths(_ given: [String], config: StudyConfig) throws(ConfigError) -> [String] {
        guard config.isSimultaneous else {
            guard given.count == 1 else {
                throw ConfigError(field: "--data", "given \(given.count) times; a study without channels fits one CSV file")
            }
            return given
        }
        var paths = [String: String]()
        for entry in given {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, config.channels.contains(where: { $0.name == parts[0] }), !parts[1].isEmpty else {
                throw ConfigError(field: "--data", "\"\(entry)\" is not CHANNEL=FILE with CHANNEL one of \(config.channels.map(\.name).joined(separator: ", "))")
            }
            guard paths.updateValue(parts[1], forKey: parts[0]) == nil else {
                throw ConfigError(field: "--data", "channel \(parts[0]) is given twice; give each channel's file once")
            }
        }
        if let missing = config.channels.first(where: { paths[$0.name] == nil }) {
            throw ConfigError(field: "--data", "channel \(missing.name) has no file; add --data \(missing.name)=FILE")
        }
        return config.channels.map { paths[$0.name]! }
    }

    /// A channel's events from its file (one column per observable), without those outside a range: a note on
    /// stderr says how many.
    static func events(of channel: StudyConfig.Channel, path: String) throws(ConfigError) -> [[Double]] {
        let all = try DatasetCSV.read(path: path, columns: channel.observables.map(\.name))
        let inside = all[0].indices.filter { i in
            channel.observables.indices.allSatisfy { all[$0][i] >= channel.observables[$0].min && all[$0][i] <= channel.observables[$0].max }
        }
        if inside.count < all[0].count {
            let ranges = channel.observables.map { "[\($0.min), \($0.max)]" }.joined(separator: " x ")
            FileHandle.standardError.write(Data(("toystudy: note: \(all[0].count - inside.count) of \(all[0].count) events"
                + "\(channel.name.isEmpty ? "" : " of channel \(channel.name)") lie outside \(ranges) and are not fitted\n").utf8))
        }
        return all.map { column in inside.map { column[$0] } }
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

    static func table(_ result: FitResult, config: StudyConfig, events: Int) -> String {
        var lines = ["\(events) events, valid \(result.isValid ? "yes" : "no"), nll " + String(format: "%.6f", result.fval)
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
