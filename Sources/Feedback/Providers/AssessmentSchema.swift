import Practice
/// The shape of the answer BandUp asks a language model for, as one description rendered in the
/// two schema dialects: Gemini's `responseSchema` (OpenAPI subset, upper-case types, an explicit
/// property order so `feedback` is written first and can stream) and the JSON Schema of a
/// Bedrock tool's `inputSchema`.
indirect enum AssessmentSchema {
    case object([(name: String, schema: AssessmentSchema)], description: String? = nil)
    case array(AssessmentSchema, maxItems: Int? = nil)
    case string(description: String, allowed: [String]? = nil)
    case number(description: String, minimum: Double, maximum: Double)

    /// The answer for `criteria`: prose first, then the bands, strengths, improvements and
    /// annotations quoting the learner's sentences.
    static func answer(criteria: [Criterion]) -> AssessmentSchema {
        .object([
            ("feedback", .string(description: "Feedback for the learner in plain English, addressed as you: a short paragraph per criterion, then what went well and what to do next.")),
            ("criteria", .array(.object([
                ("criterion", .string(description: "The criterion.", allowed: criteria.map(\.rawValue))),
                ("band", .number(description: "The band, 0 to 9 in steps of 0.5.", minimum: 0, maximum: 9)),
                ("comment", .string(description: "One sentence explaining the band.")),
            ]))),
            ("strengths", .array(.string(description: "Something the learner did well, in one short sentence."), maxItems: 5)),
            ("improvements", .array(.string(description: "A concrete next step, in one short sentence."), maxItems: 5)),
            ("annotations", .array(.object([
                ("sentence", .string(description: "A sentence copied exactly from the learner's text.")),
                ("problem", .string(description: "What is wrong with it.")),
                ("suggestion", .string(description: "The sentence rewritten correctly.")),
            ]), maxItems: 8)),
        ], description: "An IELTS examiner's assessment.")
    }

    /// Gemini's `responseSchema`.
    var gemini: [String: Any] {
        switch self {
        case .object(let properties, let description):
            var object: [String: Any] = ["type": "OBJECT", "properties": Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0.schema.gemini) }),
                                         "required": properties.map(\.name), "propertyOrdering": properties.map(\.name)]
            if let description { object["description"] = description }
            return object
        case .array(let items, let maxItems):
            var array: [String: Any] = ["type": "ARRAY", "items": items.gemini]
            if let maxItems { array["maxItems"] = maxItems }
            return array
        case .string(let description, let allowed):
            return allowed.map { ["type": "STRING", "format": "enum", "enum": $0, "description": description] } ?? ["type": "STRING", "description": description]
        case .number(let description, let minimum, let maximum):
            return ["type": "NUMBER", "description": description, "minimum": minimum, "maximum": maximum]
        }
    }

    /// JSON Schema (draft 2020-12), for a Bedrock tool's `inputSchema.json`.
    var jsonSchema: [String: Any] {
        switch self {
        case .object(let properties, let description):
            var object: [String: Any] = ["type": "object", "properties": Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0.schema.jsonSchema) }),
                                         "required": properties.map(\.name), "additionalProperties": false]
            if let description { object["description"] = description }
            return object
        case .array(let items, let maxItems):
            var array: [String: Any] = ["type": "array", "items": items.jsonSchema]
            if let maxItems { array["maxItems"] = maxItems }
            return array
        case .string(let description, let allowed):
            return allowed.map { ["type": "string", "enum": $0, "description": description] } ?? ["type": "string", "description": description]
        case .number(let description, let minimum, let maximum):
            return ["type": "number", "description": description, "minimum": minimum, "maximum": maximum, "multipleOf": 0.5]
        }
    }
}
