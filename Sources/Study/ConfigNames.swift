/// The rules for the names a config chooses. Parameter, observable and component names become CSV columns
/// (`P_value`, the observable's column of `generate`), so they are identifiers: an ASCII letter or `_`, then
/// letters, digits or `_`; no comma, quote, space or newline can split a column. A study's name becomes the
/// default output directory `results/NAME`, and existing configs use hyphens ("seed-peak"), so it may also hold
/// `-` and `.`, but not start with `.` (no hidden directory, no `..`) and hold no `/`.
enum ConfigNames {
    static func checkIdentifier(_ name: String, field: String, what: String) throws(ConfigError) {
        guard let first = name.unicodeScalars.first, isLetter(first) || first == "_",
              name.unicodeScalars.allSatisfy({ isLetter($0) || isDigit($0) || $0 == "_" }) else {
            throw ConfigError(field: field, "\(what) \(JSONValue.quote(name)) is not an identifier; use letters, digits and _, "
                + "starting with a letter or _ (it names CSV columns)")
        }
    }

    static func checkStudyName(_ name: String, field: String) throws(ConfigError) {
        guard name.unicodeScalars.first != ".",
              name.unicodeScalars.allSatisfy({ isLetter($0) || isDigit($0) || "_-.".unicodeScalars.contains($0) }) else {
            throw ConfigError(field: field, "\(JSONValue.quote(name)) is not a study name; use letters, digits, _, - and ., "
                + "not starting with . (it names the output directory results/NAME)")
        }
    }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
}
