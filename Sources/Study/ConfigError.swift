/// Bad input, said once and clearly: which field, what is wrong, what would be right. The command line turns it
/// into exit code 2.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    /// Dotted path of the offending field ("parameters.sigma.min"), or the file or flag for whole-input problems.
    public var field: String
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}
