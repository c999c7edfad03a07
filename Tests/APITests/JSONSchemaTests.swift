import Testing
@testable import API

/// The contract's schemas applied to values: each case a schema (as YAML), a value (as JSON)
/// and the problems expected ("" when it conforms), as `field: words of the message`.
@Suite struct JSONSchemaTests {
    static let definitions: [String: JSONValue] = [
        "Grade": ["type": "integer", "minimum": 1, "maximum": 4],
        "Named": ["type": "object", "required": ["name"], "properties": ["name": ["type": "string", "minLength": 1]], "additionalProperties": false],
    ]

    static let cases: [(String, String, [String])] = [
        ("type: string", "\"x\"", []),
        ("type: string", "1", [": must be a string, not an integer"]),
        ("type: integer", "1.0", []),
        ("type: integer", "1.5", [": must be an integer, not a number"]),
        ("type: number", "1", []),
        ("type: boolean", "\"true\"", [": must be a boolean, not a string"]),
        ("type: [string, 'null']", "null", []),
        ("type: [string, 'null']", "3", [": must be a string or null"]),
        ("type: object", "[]", [": must be an object, not an array"]),
        ("type: array", "{}", [": must be an array, not an object"]),
        ("enum: [exam, practice]", "\"exam\"", []),
        ("enum: [exam, practice]", "\"test\"", [": must be one of \"exam\", \"practice\""]),
        ("enum: [4.0, 4.5]", "4", []),
        ("const: 1", "2", [": must be 1"]),
        ("{type: string, minLength: 1}", "\"\"", [": must not be empty"]),
        ("{type: string, minLength: 3}", "\"ab\"", [": must be at least 3 characters"]),
        ("{type: string, maxLength: 3}", "\"abcd\"", [": must be at most 3 characters (it is 4)"]),
        ("{type: string, maxLength: 3}", "\"é😀漢\"", []),
        ("{type: string, pattern: '^[a-z0-9-]+$'}", "\"task-2\"", []),
        ("{type: string, pattern: '^[a-z0-9-]+$'}", "\"Task 2\"", [": does not have the expected form"]),
        ("{type: string, pattern: 'b'}", "\"abc\"", []),
        ("{type: string, format: uuid}", "\"5f0e4a5c-3c1d-4f39-9a52-2a1b0c9d8e7f\"", []),
        ("{type: string, format: uuid}", "\"not-a-uuid\"", [": must be a UUID"]),
        ("{type: string, format: date-time}", "\"whenever\"", []),
        ("{type: integer, minimum: 1, maximum: 4}", "0", [": must be at least 1"]),
        ("{type: integer, minimum: 1, maximum: 4}", "5", [": must be at most 4"]),
        ("{type: number, exclusiveMinimum: 0}", "0", [": must be more than 0"]),
        ("{type: number, exclusiveMaximum: 9}", "9", [": must be less than 9"]),
        ("{type: number, multipleOf: 0.5}", "6.5", []),
        ("{type: number, multipleOf: 0.5}", "6.3", [": must be a multiple of 0.5"]),
        ("{type: array, minItems: 1}", "[]", [": must have at least 1 item"]),
        ("{type: array, maxItems: 2}", "[1,2,3]", [": must have at most 2 items (it has 3)"]),
        ("{type: array, uniqueItems: true}", "[1,2,1]", [": must not repeat an item"]),
        ("{type: array, items: {type: string}}", "[\"a\", 2, \"c\", null]", ["/1: must be a string", "/3: must be a string"]),
        ("{type: object, required: [a, b]}", "{\"a\":1}", ["/b: is required"]),
        ("{type: object, properties: {a: {type: integer}}, additionalProperties: false}", "{\"a\":1,\"b\":2}", ["/b: is not a field this request takes"]),
        ("{type: object, properties: {a: {type: integer}}}", "{\"a\":1,\"b\":2}", []),
        ("{type: object, additionalProperties: {type: array, items: {type: string, maxLength: 2}}}", "{\"1\":[\"ab\"],\"2\":[\"abc\"]}",
         ["/2/0: must be at most 2 characters"]),
        ("{type: object, propertyNames: {pattern: '^[0-9]{1,3}$'}}", "{\"12\":1,\"x\":2}", ["/x: does not have the expected form"]),
        ("{type: object, maxProperties: 1}", "{\"a\":1,\"b\":2}", [": must have at most 1 members (it has 2)"]),
        ("{type: object, minProperties: 1}", "{}", [": must have at least 1 member"]),
        ("{type: object, properties: {'a/b': {type: string}, 'c~d': {type: string}}}", "{\"a/b\":1,\"c~d\":2}",
         ["/a~1b: must be a string", "/c~0d: must be a string"]),
        ("$ref: '#/components/schemas/Grade'", "3", []),
        ("$ref: '#/components/schemas/Grade'", "7", [": must be at most 4"]),
        ("$ref: '#/components/schemas/Named'", "{\"name\":\"\",\"x\":1}", ["/name: must not be empty", "/x: is not a field"]),
        ("{type: object, properties: {grade: {$ref: '#/components/schemas/Grade'}}}", "{\"grade\":\"good\"}", ["/grade: must be an integer, not a string"]),
        ("{allOf: [{type: integer}, {minimum: 2}]}", "1", [": must be at least 2"]),
        ("{anyOf: [{type: string}, {type: integer}]}", "true", [": matches none of the forms"]),
        ("{anyOf: [{type: string}, {type: integer}]}", "3", []),
        ("{oneOf: [{type: integer}, {type: number}]}", "3", [": matches more than one of the forms"]),
        ("{oneOf: [{type: integer}, {type: string}]}", "\"x\"", []),
        ("false", "1", [": is not allowed here"]),
        ("true", "{\"anything\":[]}", []),
        ("{}", "null", []),
    ]

    @Test(arguments: cases) func validates(_ schemaYAML: String, _ json: String, _ expected: [String]) throws {
        let schema = JSONSchema(try JSONValue.yaml(schemaYAML), definitions: Self.definitions)
        let found = schema.problems(try JSONParser.parse(Array(json.utf8))).map { "\($0.field): \($0.message)" }
        #expect(found.count == expected.count, "\(schemaYAML) on \(json): \(found)")
        for (problem, words) in zip(found, expected) { #expect(problem.hasPrefix(words), "\(schemaYAML) on \(json): \(problem)") }
    }

    @Test func problemsAreBounded() throws {
        let schema = JSONSchema(try JSONValue.yaml("{type: array, items: {type: string}}"), definitions: [:])
        let many = JSONValue.array(Array(repeating: .int(1), count: 500))
        #expect(schema.problems(many).count == 20)
        #expect(schema.problems(many, limit: 3).count == 3)
    }
}
