extension JSONValue {
    /// The document as JSON text with two-space indentation and keys in their given order. Numbers are written
    /// in shortest round-trip form (whole numbers up to 2^53 as plain digits, larger whole numbers of
    /// `.largeInteger` exactly); JSON has no NaN or infinity, so those become null.
    public func serialized(indent: Int = 0) -> String {
        var out = ""
        write(to: &out, level: 0, indent: indent)
        return out
    }

    /// A compact single-line rendering, as `toystudy fit --json` prints.
    public var compact: String { serialized(indent: 0) }

    private func write(to out: inout String, level: Int, indent: Int) {
        let newline = indent > 0 ? "\n" : ""
        let pad = String(repeating: " ", count: indent * (level + 1))
        let closePad = String(repeating: " ", count: indent * level)
        let separator = indent > 0 ? "," : ", "
        switch self {
        case .null: out += "null"
        case let .bool(flag): out += flag ? "true" : "false"
        case let .number(number): out += Self.format(number)
        case let .largeInteger(large): out += String(large)
        case let .string(text): out += Self.quote(text)
        case let .array(elements):
            if elements.isEmpty { out += "[]"; return }
            if elements.allSatisfy(\.isNumber) || indent == 0 {
                out += "[" + elements.map { $0.serialized(indent: 0) }.joined(separator: ", ") + "]"
                return
            }
            out += "[" + newline
            for (i, element) in elements.enumerated() {
                out += pad
                element.write(to: &out, level: level + 1, indent: indent)
                out += (i + 1 < elements.count ? separator : "") + newline
            }
            out += closePad + "]"
        case let .object(members):
            if members.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (i, member) in members.enumerated() {
                out += pad + Self.quote(member.key) + ": "
                member.value.write(to: &out, level: level + 1, indent: indent)
                out += (i + 1 < members.count ? separator : "") + newline
            }
            out += closePad + "}"
        }
    }

    static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) <= Double(exactDoubleLimit) { return String(Int64(number)) }
        return "\(number)"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
