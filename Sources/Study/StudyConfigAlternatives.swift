extension StudyConfig {
    /// A further fit of every toy with another model (`"alternatives"`): the systematic of a model choice is the
    /// shift of the parameters it shares with the main fit. Its study is the main one with the model replaced (in
    /// a study with channels, the models of the channels it names) and the parameters the alternative gives
    /// overriding or adding to the main ones (those its models do not use are left out), validated as a whole
    /// config.
    public struct Alternative: Sendable, Equatable {
        public var name: String
        public var config: StudyConfig
        /// The alternative as given, written back to study.json unchanged.
        public var source: JSONValue

        /// Alternatives are the same when given the same: their study follows from that and the main one's, so
        /// an override of the main study (--toys, --seed) does not make them differ.
        public static func == (a: Alternative, b: Alternative) -> Bool { a.name == b.name && a.source == b.source }
    }

    /// `"alternatives": [{"name": "A", "model": [...], "parameters": {...}}]` of the study whose top-level members
    /// are `document`'s; in a study with channels (`channels` their names) an alternative gives
    /// `"channels": [{"name": CHANNEL, "model": [...]}]` instead of `"model"`.
    static func parseAlternatives(_ value: JSONValue, document: [(key: String, value: JSONValue)], channels: [String]?,
                                  baseDirectory: String?) throws(ConfigError) -> [Alternative] {
        guard case let .array(elements) = value else {
            throw ConfigError(field: "alternatives", "must be a list of {\"name\", \"\(channels == nil ? "model" : "channels")\", \"parameters\"} objects")
        }
        var alternatives: [Alternative] = []
        for (i, element) in elements.enumerated() {
            let path = "alternatives[\(i)]"
            let reader = try FieldReader(element, path: path, allowed: ["name", channels == nil ? "model" : "channels", "parameters"])
            let name = try reader.string("name", hint: "name the alternative, e.g. \"name\": \"chebyshev\"")
            try ConfigNames.checkIdentifier(name, field: "\(path).name", what: "an alternative's name")
            guard !alternatives.contains(where: { $0.name == name }) else {
                throw ConfigError(field: "\(path).name", "\(name) is the name of an earlier alternative; give each its own")
            }
            let (replaced, models) = try replacedModels(reader, path: path, document: document, channels: channels)
            var added: [(key: String, value: JSONValue)] = []
            if let parameters = reader.optional("parameters") {
                guard case let .object(members) = parameters else {
                    throw ConfigError(field: "\(path).parameters", "must be an object of parameters, as the top-level parameters")
                }
                added = members
            }
            let used = models.reduce(into: Set<String>()) { $0.formUnion(Self.strings(in: $1)) }
            guard case let .object(main)? = document.first(where: { $0.key == "parameters" })?.value else { continue }
            let kept = main.filter { used.contains($0.key) && !added.map(\.key).contains($0.key) }
            let derived = document.filter { !["alternatives", "generate", replaced.key, "parameters"].contains($0.key) }
                + [replaced, ("parameters", .object(kept + added))]
            do {
                let config = try StudyConfig.parse(JSONValue.object(derived).serialized(indent: 0), baseDirectory: baseDirectory)
                alternatives.append(Alternative(name: name, config: config, source: element))
            } catch {
                throw ConfigError(field: "\(path)" + (error.field.isEmpty ? "" : ".\(error.field)"), error.message)
            }
        }
        return alternatives
    }

    /// The member that replaces the main study's (`model`, or `channels` with the named channels' models
    /// replaced), and every model the alternative's study has.
    private static func replacedModels(_ reader: FieldReader, path: String, document: [(key: String, value: JSONValue)],
                                       channels: [String]?) throws(ConfigError) -> (member: (key: String, value: JSONValue), models: [JSONValue]) {
        guard let channels else {
            let model = try reader.required("model", hint: "the alternative's components, as in the top-level model")
            return (("model", model), [model])
        }
        let given = try reader.required("channels", hint: "[{\"name\": CHANNEL, \"model\": [...]}] for the channels fitted with another model")
        let replacements = try channelModelEntries(given, path: "\(path).channels", channels: channels)
        guard case let .array(main)? = document.first(where: { $0.key == "channels" })?.value else { return (("channels", given), []) }
        var derived: [JSONValue] = [], models: [JSONValue] = []
        for case let .object(members) in main {
            let name = members.first { $0.key == "name" }?.value
            let replacement = replacements.first { name == .string($0.name) }?.model
            let fields = members.map { (key: $0.key, value: $0.key == "model" ? replacement ?? $0.value : $0.value) }
            models += fields.filter { $0.key == "model" }.map(\.value)
            derived.append(.object(fields))
        }
        return (("channels", .array(derived)), models)
    }

    /// Every string in a JSON tree: the names a model refers to.
    private static func strings(in value: JSONValue) -> Set<String> {
        switch value {
        case let .string(text): [text]
        case let .array(elements): elements.reduce(into: Set<String>()) { $0.formUnion(strings(in: $1)) }
        case let .object(members): members.reduce(into: Set<String>()) { $0.formUnion(strings(in: $1.value)) }
        default: []
        }
    }
}
