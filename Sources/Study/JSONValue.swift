/// A parsed JSON document that keeps the order of object keys: the order of `parameters` in a study config is
/// the order of the columns in toys.csv, and Foundation's JSONSerialization forgets it.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    /// A whole number above 2^53 (up to 2^64 - 1), which a Double would round: kept exact, so a 64-bit seed
    /// survives parsing, study.json and the comparison on --resume and merge. Whole numbers up to 2^53, which a
    /// Double holds exactly, are always `.number`, so each value has one form.
    case largeInteger(UInt64)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// Largest whole number a Double holds exactly together with all smaller ones.
    static let exactDoubleLimit: UInt64 = 1 << 53

    /// A whole number in its one form: `.number` up to 2^53, `.largeInteger` above.
    public static func integer<T: BinaryInteger>(_ value: T) -> JSONValue {
        if value > exactDoubleLimit, let large = UInt64(exactly: value) { return .largeInteger(large) }
        return .number(Double(value))
    }

    /// The value as a whole number of type T, exactly; nil for anything else (a fraction, out of T's range, not
    /// a number).
    public func exactly<T: FixedWidthInteger>(_: T.Type) -> T? {
        switch self {
        case let .number(number): T(exactly: number)
        case let .largeInteger(large): T(exactly: large)
        default: nil
        }
    }

    public var isNumber: Bool {
        switch self {
        case .number, .largeInteger: true
        default: false
        }
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.largeInteger(x), .largeInteger(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: false
        }
    }

    /// What a user would call this kind of value in an error message.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number, .largeInteger: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
