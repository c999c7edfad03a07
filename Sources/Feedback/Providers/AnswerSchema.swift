/// The shape of the answer BandUp asks a language model for, as one description rendered in the
/// two schema dialects: Gemini's `responseSchema` (OpenAPI subset, upper-case types, an explicit
/// property order so a field that streams to the learner is written first) and the JSON Schema
/// of a Bedrock tool's `inputSchema`.
public indirect enum AnswerSchema: Sendable {
    case object([(name: String, schema: AnswerSchema)], description: String? = nil)
    case array(AnswerSchema, maxItems: Int? = nil)
    case string(description: String, allowed: [String]? = nil)
    case number(description: String, minimum: Double, maximum: Double)

    /// Gemini's `responseSchema`.
    public var gemini: [String: Any] {
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
    public var jsonSchema: [String: Any] {
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
