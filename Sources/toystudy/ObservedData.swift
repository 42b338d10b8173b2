import Foundation
import Study

/// A user's dataset for `fit` and the hypothesis tests: per channel, the CSV columns named after its
/// observables, the events inside every observable's range (a note on stderr says how many lie outside and are
/// not fitted).
enum ObservedData {
    /// `given`: one `--data FILE` for a study without channels, else `--data CHANNEL=FILE` once for every channel.
    static func dataset(paths given: [String], config: StudyConfig) throws(ConfigError) -> Dataset {
        let paths = try channelPaths(given, config: config)
        var channels: [[[Double]]] = []
        for (channel, path) in zip(config.channels, paths) { channels.append(try events(of: channel, path: path)) }
        return Dataset(channels: channels)
    }

    /// The file of each channel, in channel order.
    private static func channelPaths(_ given: [String], config: StudyConfig) throws(ConfigError) -> [String] {
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

    /// One channel's columns from its file, without the events outside a range.
    private static func events(of channel: StudyConfig.Channel, path: String) throws(ConfigError) -> [[Double]] {
        let all = try DatasetCSV.read(path: path, columns: channel.observables.map(\.name))
        let observables = channel.observables
        let inside = all[0].indices.filter { i in observables.indices.allSatisfy { all[$0][i] >= observables[$0].min && all[$0][i] <= observables[$0].max } }
        if inside.count < all[0].count {
            let ranges = observables.map { "[\($0.min), \($0.max)]" }.joined(separator: " x ")
            FileHandle.standardError.write(Data(("toystudy: note: \(all[0].count - inside.count) of \(all[0].count) events"
                + "\(channel.name.isEmpty ? "" : " of channel \(channel.name)") lie outside \(ranges) and are not fitted\n").utf8))
        }
        return all.map { column in inside.map { column[$0] } }
    }
}
