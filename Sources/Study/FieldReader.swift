/// Reads the members of one JSON object of a config, naming the field in every error and refusing unknown keys
/// first (a misspelt optional field would otherwise be silently ignored, a misspelt required one reported missing).
struct FieldReader {
    let path: String
    let members: [(key: String, value: JSONValue)]

    /// `allowed`: the keys this object may have; nil when the keys are names chosen by the user.
    init(_ value: JSONValue, path: String, allowed: [String]?) throws(ConfigError) {
        guard case let .object(members) = value else {
            throw ConfigError(field: path.isEmpty ? "config" : path, "expected an object {...}, got \(value.kindName)")
        }
        self.path = path
        self.members = members
        if let allowed, let unknown = members.first(where: { !allowed.contains($0.key) })?.key {
            let guess = allowed.min { Self.editDistance($0, unknown) < Self.editDistance($1, unknown) }
            let hint = guess.map { Self.editDistance($0, unknown) <= 2 ? "did you mean \"\($0)\"? " : "" } ?? ""
            throw ConfigError(field: field(unknown), "unknown field; \(hint)allowed here: \(allowed.joined(separator: ", "))")
        }
    }

    /// Levenshtein distance, for suggesting the field a typo meant.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    var keys: [String] { members.map(\.key) }

    func optional(_ key: String) -> JSONValue? {
         members.first { $0.key == key }?.value
    }

    func required(_ key: String, hint: String) throws(ConfigError) -> JSONValue {
        guard let value = optional(key) else { throw ConfigError(field: field(key), "missing; \(hint)") }
        return value
    }

    func string(_ key: String, hint: String) throws(ConfigError) -> String {
        try Self.string(try required(key, hint: hint), field: field(key))
    }

    func optionalString(_ key: String) throws(ConfigError) -> String? {
        guard let value = optional(key) else { return nil }
        return try Self.string(value, field: field(key))
    }

    func number(_ key: String, hint: String) throws(ConfigError) -> Double {
        try Self.number(try required(key, hint: hint), field: field(key))
    }

    func optionalNumber(_ key: String) throws(ConfigError) -> Double? {
        guard let value = optional(key) else { return nil }
        return try Self.number(value, field: field(key))
    }

    func optionalInteger(_ key: String) throws(ConfigError) -> Int? {
        guard let value = try optionalNumber(key) else { return nil }
        guard value == value.rounded(), abs(value) < 9.0e15 else {
            throw ConfigError(field: field(key), "expected a whole number, got \(value)")
        }
        return Int(value)
    }

    func optionalBool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = optional(key) else { return nil }
        guard case let .bool(flag) = value else {
            throw ConfigError(field: field(key), "expected true or false, got \(value.kindName)")
        }
        return flag
    }

    static func string(_ value: JSONValue, field: String) throws(ConfigError) -> String {
        guard case let .string(text) = value else {
            throw ConfigError(field: field, "expected a string, got \(value.kindName)")
        }
        guard !text.isEmpty else { throw ConfigError(field: field, "must not be empty") }
        return text
    }

    static func number(_ value: JSONValue, field: String) throws(ConfigError) -> Double {
        guard case let .number(number) = value else {
            throw ConfigError(field: field, "expected a number, got \(value.kindName)")
        }
        return number
    }
}
