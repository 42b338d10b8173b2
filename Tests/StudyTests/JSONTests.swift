import Testing
@testable import Study

@Suite struct JSONTests {
    @Test func keepsKeyOrderAndValues() throws {
        let value = try JSONParser.parse(#"{"b": 1, "a": [true, null, -2.5e3, "x\u00e9\n"], "c": {}}"#)
        guard case let .object(members) = value else { Issue.record("expected an object"); return }
        #expect(members.map(\.key) == ["b", "a", "c"])
        #expect(members[1].value == .array([.bool(true), .null, .number(-2500), .string("xé\n")]))
    }

    @Test(arguments: ["{", "[1,]", "{\"a\" 1}", "01", "1.", "\"abc", "{\"a\": 1} x", "{\"a\": 1, \"a\": 2}", "nul"])
    func rejectsMalformedDocuments(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func serializesAndReadsBackTheSameDocument() throws {
        let value = JSONValue.object([("x", .number(0.1)), ("n", .number(3)), ("s", .string("q\"uote")),
                                      ("l", .array([.object([("k", .bool(false))])]))])
        #expect(try JSONParser.parse(value.serialized(indent: 2)) == value)
        #expect(try JSONParser.parse(value.compact) == value)
        #expect(JSONValue.number(.nan).compact == "null")
    }
}
