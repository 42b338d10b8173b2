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
            let guess = allowed.compactMap { key in Self.typoDistance(key, unknown).map { (key, $0) } }.min { $0.1 < $1.1 }
            let hint = guess.map { "did you mean \"\($0.0)\"? " } ?? ""
            throw ConfigError(field: field(unknown), "unknown field; \(hint)allowed here: \(allowed.joined(separator: ", "))")
        }
    }

    /// The Levenshtein distance from `a` to `b` when it is a typo's (at most 2), else nil: for suggesting the field
    /// a misspelt key meant. Given up at once when the lengths differ by more than two, so a huge key costs no
    /// more than reading it.
    static func typoDistance(_ a: String, _ b: String) -> Int? {
        guard abs(a.unicodeScalars.count - b.unicodeScalars.count) <= 2 else { return nil }
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count] <= 2 ? previous[b.count] : nil
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

    /// A whole number of type T, read exactly: a seed may use all 64 bits.
    func optionalInteger<T: FixedWidthInteger>(_ key: String, as type: T.Type = Int.self) throws(ConfigError) -> T? {
        guard let value = optional(key) else { return nil }
        return try Self.integer(value, field: field(key), as: type)
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
        switch value {
        case let .number(number): return number
        case let .largeInteger(large): return Double(large)
        default: throw ConfigError(field: field, "expected a number, got \(value.kindName)")
        }
    }

    static func integer<T: FixedWidthInteger>(_ value: JSONValue, field: String, as: T.Type) throws(ConfigError) -> T {
        let number = try Self.number(value, field: field)
        if let exact = value.exactly(T.self) { return exact }
        guard number == number.rounded() else {
            throw ConfigError(field: field, "expected a whole number, got \(value.compact)")
        }
        guard number >= 0 || T.isSigned else {
            throw ConfigError(field: field, "must be zero or positive (got \(value.compact))")
        }
        throw ConfigError(field: field, "\(value.compact) is too large; the largest possible is \(T.max)")
    }
}
