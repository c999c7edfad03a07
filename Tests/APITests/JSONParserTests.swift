import Testing
@testable import API

/// The strict JSON reader: what it accepts (and as which value), and what it refuses with the
/// line and column a developer needs.
@Suite struct JSONParserTests {
    static let accepted: [(String, JSONValue)] = [
        ("{}", .object([])),
        ("[]", .array([])),
        (" \n\t{ \"a\" : 1 } \r\n", ["a": 1]),
        ("{\"b\":2,\"a\":1}", .object([("b", 2), ("a", 1)])),
        ("[true,false,null]", [true, false, nil]),
        ("0", 0),
        ("-0", 0),
        ("-12", -12),
        ("9223372036854775807", .int(Int64.max)),
        ("9223372036854775808", .double(9223372036854775808)),
        ("1.5", 1.5),
        ("1e3", .double(1000)),
        ("1E-2", 0.01),
        ("\"\"", ""),
        ("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\u{8}\u{C}\n\r\t"),
        ("\"\\u00e9\\u20AC\"", "é€"),
        ("\"\\ud83d\\ude00\"", "😀"),
        ("\"é 😀 漢\"", "é 😀 漢"),
        ("\u{FEFF}{\"a\":[]}", ["a": []]),
        ("[[[[[[[[[[1]]]]]]]]]]", [[[[[[[[[[1]]]]]]]]]]),
        ("{\"a\":{\"b\":{\"c\":null}}}", ["a": ["b": ["c": nil]]]),
    ]

    @Test(arguments: accepted) func accepts(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
    }

    /// The text, the line and column of the error, and a word its message must contain.
    static let refused: [(String, Int, Int, String)] = [
        ("", 1, 1, "empty"),
        ("   ", 1, 4, "empty"),
        ("{", 1, 2, "member name"),
        ("{\"a\":1,}", 1, 8, "member name"),
        ("[1,]", 1, 4, "expected a value"),
        ("[1 2]", 1, 4, "',' or ']'"),
        ("{\"a\" 1}", 1, 6, "':'"),
        ("{\"a\":1 \"b\":2}", 1, 8, "',' or '}'"),
        ("{\"a\":1,\"a\":2}", 1, 8, "twice"),
        ("{'a':1}", 1, 2, "double quotes"),
        ("{\"a\":tru}", 1, 6, "expected true"),
        ("nul", 1, 1, "expected null"),
        ("01", 1, 2, "after the JSON value"),
        ("1.", 1, 3, "decimal point"),
        ("1e", 1, 3, "exponent"),
        ("-", 1, 2, "digits"),
        ("+1", 1, 1, "expected a value"),
        (".5", 1, 1, "expected a value"),
        ("1e999", 1, 1, "out of range"),
        ("NaN", 1, 1, "expected a value"),
        ("\"abc", 1, 5, "not closed"),
        ("\"a\nb\"", 1, 3, "control character"),
        ("\"\\x\"", 1, 2, "not a JSON escape"),
        ("\"\\u12\"", 1, 4, "four hexadecimal"),
        ("\"\\ud83d\"", 1, 2, "lone surrogate"),
        ("\"\\ude00\"", 1, 2, "lone surrogate"),
        ("{\"a\":1}\n{\"b\":2}", 2, 1, "after the JSON value"),
        ("{\n  \"a\": [1,\n  2,,\n]}", 3, 5, "expected a value"),
        ("// comment\n{}", 1, 1, "expected a value"),
        ("{\"a\":1} x", 1, 9, "after the JSON value"),
    ]

    @Test(arguments: refused) func refuses(_ text: String, _ line: Int, _ column: Int, _ words: String) {
        do {
            let value = try JSONParser.parse(Array(text.utf8))
            Issue.record("accepted \(text.debugDescription) as \(value)")
        } catch {
            #expect(error.line == line && error.column == column, "\(text.debugDescription): \(error)")
            #expect(error.message.contains(words), "\(text.debugDescription): \(error)")
        }
    }

    /// Bytes that are not UTF-8, inside a string: a stray continuation byte, an overlong form, an
    /// encoded surrogate, a truncated sequence, a code point above U+10FFFF.
    static let invalidUTF8: [[UInt8]] = [
        [0x22, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22],
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xFF, 0x22], [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x22, 0x7D],
    ]

    @Test(arguments: invalidUTF8) func refusesBytesThatAreNotUTF8(_ bytes: [UInt8]) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
        do { _ = try JSONParser.parse(bytes) } catch { #expect(error.message.contains("UTF-8"), "\(error)") }
    }

    @Test func nestingIsBounded() throws {
        let deep = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try JSONParser.parse(Array(deep.utf8))
        let deeper = "[" + deep + "]"
        do { _ = try JSONParser.parse(Array(deeper.utf8)); Issue.record("accepted \(JSONParser.maximumDepth + 1) levels") } catch {
            #expect(error.message.contains("nests more than"))
        }
    }

    static let written: [(JSONValue, String)] = [
        (.object([("z", 1), ("a", [true, nil])]), "{\"z\":1,\"a\":[true,null]}"),
        ("quote \" backslash \\ newline \n tab \t", "\"quote \\\" backslash \\\\ newline \\n tab \\t\""),
        ("<script>&</script>", "\"\\u003cscript\\u003e\\u0026\\u003c/script\\u003e\""),
        ("\u{1}\u{1F}\u{7F}\u{2028}", "\"\\u0001\\u001f\\u007f\\u2028\""),
        ("é😀", "\"é😀\""),
        ("€ † a\u{2029}b \u{2028}", "\"€ † a\\u2029b \\u2028\""),
        ("\u{E2}", "\"\u{E2}\""),
        (.double(2.0), "2"), (.double(6.5), "6.5"), (.double(.nan), "null"), (.int(-3), "-3"),
    ]

    @Test(arguments: written) func writes(_ value: JSONValue, _ text: String) throws {
        #expect(value.text == text)
        if value.number?.isNaN != true { #expect(try JSONParser.parse(value.bytes) == value, "round trip of \(text)") }
    }
}
