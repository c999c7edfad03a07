import Foundation

/// The part of JSON Schema 2020-12 that BandUp's contract uses, applied to request bodies and
/// parameters, so that what the contract says is exactly what the server accepts: `type`
/// (one or a list, with "null"), `enum`, `const`, string lengths in characters and `pattern`,
/// `format: uuid`, number bounds and `multipleOf`, array `items` and sizes, object
/// `properties`, `required`, `additionalProperties`, `propertyNames` and sizes, `allOf`,
/// `anyOf`, `oneOf` and `$ref` into `#/components/schemas`.
public struct JSONSchema: Sendable {
    public let node: JSONValue
    /// `#/components/schemas`, for `$ref`.
    let definitions: [String: JSONValue]

    public init(_ node: JSONValue, definitions: [String: JSONValue]) {
        self.node = node
        self.definitions = definitions
    }

    /// Every way `value` breaks the schema (at most `limit`); empty when it conforms.
    public func problems(_ value: JSONValue, at path: String = "", limit: Int = 20) -> [SchemaProblem] {
        var found: [SchemaProblem] = []
        check(value, against: node, at: path, into: &found, limit: limit, depth: 0)
        return found
    }

    private func resolved(_ schema: JSONValue) -> JSONValue {
        var schema = schema
        var hops = 0
        while let ref = schema["$ref"]?.string, hops < 16 {
            guard ref.hasPrefix("#/components/schemas/"), let target = definitions[String(ref.dropFirst("#/components/schemas/".count))] else { break }
            schema = target
            hops += 1
        }
        return schema
    }

    private func check(_ value: JSONValue, against raw: JSONValue, at path: String, into found: inout [SchemaProblem], limit: Int, depth: Int) {
        guard found.count < limit, depth < 48 else { return }
        let schema = resolved(raw)
        if case .bool(let allowed) = schema {
            if !allowed { found.append(SchemaProblem(field: path, message: "is not allowed here")) }
            return
        }
        func fail(_ message: String) { if found.count < limit { found.append(SchemaProblem(field: path, message: message)) } }

        if let types = Self.types(schema["type"]), !types.contains(where: { Self.matches(value, type: $0) }) {
            let expected = types.map { $0 == "null" ? "null" : "\(Self.article($0)) \($0)" }.joined(separator: " or ")
            let actual = value.isNull ? "null" : "\(Self.article(value.typeName)) \(value.typeName)"
            return fail("must be \(expected), not \(actual)")
        }
        if let options = schema["enum"]?.array, !options.contains(value) {
            return fail("must be one of \(options.map(\.text).joined(separator: ", "))")
        }
        if let constant = schema["const"], constant != value { return fail("must be \(constant.text)") }
        for part in schema["allOf"]?.array ?? [] { check(value, against: part, at: path, into: &found, limit: limit, depth: depth + 1) }
        if let options = schema["anyOf"]?.array ?? schema["oneOf"]?.array {
            let passing = options.filter { JSONSchema($0, definitions: definitions).problems(value, at: path, limit: 1).isEmpty }.count
            if passing == 0 || (schema["oneOf"] != nil && passing > 1) {
                return fail(passing == 0 ? "matches none of the forms this field takes" : "matches more than one of the forms this field takes")
            }
        }

        switch value {
        case .string(let text):
            let length = text.unicodeScalars.count
            if let minimum = schema["minLength"]?.int, length < minimum {
                fail(minimum == 1 ? "must not be empty" : "must be at least \(minimum) characters")
            }
            if let maximum = schema["maxLength"]?.int, length > maximum { fail("must be at most \(maximum) characters (it is \(length))") }
            if let pattern = schema["pattern"]?.string, !Self.matches(text, pattern: pattern) { fail("does not have the expected form (\(pattern))") }
            if schema["format"]?.string == "uuid", UUID(uuidString: text) == nil { fail("must be a UUID") }
        case .int, .double:
            let number = value.number ?? 0
            if let minimum = schema["minimum"]?.number, number < minimum { fail("must be at least \(JSONValue.double(minimum).text)") }
            if let maximum = schema["maximum"]?.number, number > maximum { fail("must be at most \(JSONValue.double(maximum).text)") }
            if let bound = schema["exclusiveMinimum"]?.number, number <= bound { fail("must be more than \(JSONValue.double(bound).text)") }
            if let bound = schema["exclusiveMaximum"]?.number, number >= bound { fail("must be less than \(JSONValue.double(bound).text)") }
            if let step = schema["multipleOf"]?.number, step > 0, abs((number / step).rounded() * step - number) > 1e-9 {
                fail("must be a multiple of \(JSONValue.double(step).text)")
            }
        case .array(let items):
            if let minimum = schema["minItems"]?.int, items.count < minimum { fail("must have at least \(minimum) item\(minimum == 1 ? "" : "s")") }
            if let maximum = schema["maxItems"]?.int, items.count > maximum { fail("must have at most \(maximum) items (it has \(items.count))") }
            if schema["uniqueItems"]?.bool == true, Set(items.map(\.text)).count != items.count { fail("must not repeat an item") }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() where found.count < limit {
                    check(item, against: itemSchema, at: "\(path)/\(index)", into: &found, limit: limit, depth: depth + 1)
                }
            }
        case .object(let members):
            if let minimum = schema["minProperties"]?.int, members.count < minimum { fail("must have at least \(minimum) member\(minimum == 1 ? "" : "s")") }
            if let maximum = schema["maxProperties"]?.int, members.count > maximum { fail("must have at most \(maximum) members (it has \(members.count))") }
            let properties = schema["properties"]?.members ?? []
            for name in schema["required"]?.array?.compactMap(\.string) ?? [] where value[name] == nil {
                if found.count < limit { found.append(SchemaProblem(field: "\(path)/\(Self.escaped(name))", message: "is required")) }
            }
            let names = schema["propertyNames"]
            for (name, member) in members where found.count < limit {
                let memberPath = "\(path)/\(Self.escaped(name))"
                if let names { check(.string(name), against: names, at: memberPath, into: &found, limit: limit, depth: depth + 1) }
                if let property = properties.first(where: { $0.0 == name })?.1 {
                    check(member, against: property, at: memberPath, into: &found, limit: limit, depth: depth + 1)
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        found.append(SchemaProblem(field: memberPath, message: "is not a field this request takes"))
                    } else {
                        check(member, against: additional, at: memberPath, into: &found, limit: limit, depth: depth + 1)
                    }
                }
            }
        default:
            break
        }
    }

    public static func types(_ node: JSONValue?) -> [String]? {
        switch node {
        case .string(let one): [one]
        case .array(let many): many.compactMap(\.string)
        default: nil
        }
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch type {
        case "number": value.number != nil
        case "integer": value.typeName == "integer"
        default: value.typeName == type
        }
    }

    static func article(_ word: String) -> String { "aeiou".contains(word.first ?? "x") ? "an" : "a" }

    /// A member name in a JSON Pointer (RFC 6901).
    static func escaped(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    private static let patterns = PatternCache()

    static func matches(_ text: String, pattern: String) -> Bool {
        guard let expression = patterns.expression(pattern) else { return false }
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// Compiled `pattern`s, shared by every request.
final class PatternCache: @unchecked Sendable {
    private var compiled: [String: NSRegularExpression] = [:]
    private let lock = NSLock()

    func expression(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let known = compiled[pattern] { return known }
        guard let made = try? NSRegularExpression(pattern: pattern) else { return nil }
        compiled[pattern] = made
        return made
    }
}
