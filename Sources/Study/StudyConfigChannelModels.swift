extension StudyConfig {
    /// A model that replaces one channel's: an entry of `generate.channels` or of an alternative's `channels`.
    public struct ChannelModel: Sendable, Equatable {
        public var name: String
        public var model: [Component]
    }

    /// `[{"name": CHANNEL, "model": [...]}, ...]` at `path`: the models that replace some channels' (the others
    /// keep theirs), each channel one of `channels` and named once. Returns the entries as given, with each
    /// model's field path; the caller parses the models against their channels' observables.
    static func channelModelEntries(_ value: JSONValue, path: String, channels: [String]) throws(ConfigError)
        -> [(name: String, model: JSONValue, path: String)] {
        guard case let .array(elements) = value, !elements.isEmpty else {
            throw ConfigError(field: path, "expected a non-empty list of {\"name\": CHANNEL, \"model\": [...]}, one for each channel whose model is replaced")
        }
        var entries: [(name: String, model: JSONValue, path: String)] = []
        for (index, element) in elements.enumerated() {
            let entryPath = "\(path)[\(index)]"
            let reader = try FieldReader(element, path: entryPath, allowed: ["name", "model"])
            let name = try reader.string("name", hint: "the channel whose model this replaces, one of \(channels.joined(separator: ", "))")
            guard channels.contains(name) else {
                throw ConfigError(field: "\(entryPath).name", "\"\(name)\" is not a channel of the study; use one of \(channels.joined(separator: ", "))")
            }
            guard !entries.contains(where: { $0.name == name }) else {
                throw ConfigError(field: "\(entryPath).name", "channel \(name) is given twice; give each channel's model once")
            }
            let model = try reader.required("model", hint: "the channel's components, as in its model in \"channels\"")
            entries.append((name, model, "\(entryPath).model"))
        }
        return entries
    }

    /// The components channel `c` generates toys with.
    public func generationModel(ofChannel c: Int) -> [Component] {
        generation?.model(of: channels[c]) ?? channels[c].model
    }
}

extension StudyConfig.Generation {
    /// The components `channel` generates toys with: `generate.model` (a study without channels), the channel's
    /// `generate.channels` entry, or its fit model.
    public func model(of channel: StudyConfig.Channel) -> [StudyConfig.Component] {
        model ?? channels.first { $0.name == channel.name }?.model ?? channel.model
    }
}
