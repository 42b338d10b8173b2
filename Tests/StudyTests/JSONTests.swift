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

/// Whole numbers beyond 2^53 (seeds) stay exact through parsing and writing; each value has one form.
@Suite struct JSONIntegerTests {
    @Test(arguments: [
        ("18446744073709551615", JSONValue.largeInteger(UInt64.max)),
        ("9007199254740993", .largeInteger(9_007_199_254_740_993)),
        ("9007199254740992", .number(9_007_199_254_740_992)),
        ("42", .number(42)),
        ("1e19", .number(1e19)),
        ("18446744073709551616", .number(0x1p64)),
    ])
    func wholeNumbersParseToTheirOneForm(text: String, value: JSONValue) throws {
        #expect(try JSONParser.parse(text) == value)
    }

    @Test func largeIntegersAreWrittenAndReadExactly() throws {
        let value = JSONValue.object([("seed", .integer(UInt64.max)), ("near", .integer(UInt64(1) << 53 + 1)),
                                      ("small", .integer(7)), ("list", .array([.integer(UInt64.max - 1)]))])
        let text = value.serialized(indent: 2)
        #expect(text.contains("\"seed\": 18446744073709551615") && text.contains("\"near\": 9007199254740993"))
        #expect(text.contains("[18446744073709551614]"))
        let back = try JSONParser.parse(text)
        #expect(back == value)
        guard case let .object(members) = back else { Issue.record("expected an object"); return }
        #expect(members[0].value.exactly(UInt64.self) == UInt64.max)
        #expect(members[1].value.exactly(Int.self) == 9_007_199_254_740_993)
        #expect(members[0].value.exactly(Int.self) == nil)
        #expect(JSONValue.number(2.5).exactly(Int.self) == nil)
        #expect(JSONValue.integer(UInt64(1) << 53) == .number(9_007_199_254_740_992))
    }

    /// Duplicate keys are found by a set, not by comparing every key with every other: 300,000 keys parse fast,
    /// and a duplicate among them is still refused.
    @Test func manyKeysParseInLinearTime() throws {
        let keys = (0..<300_000).map { "\"k\($0)\": \($0)" }
        let start = threadCPUSeconds()
        guard case let .object(members) = try JSONParser.parse("{" + keys.joined(separator: ",") + "}") else {
            Issue.record("expected an object")
            return
        }
        #expect(members.count == 300_000)
        #expect(threadCPUSeconds() - start < 5)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("{" + keys.joined(separator: ",") + ", \"k17\": 1}") }
    }
}
