import Foundation

/// BandUp's API as its OpenAPI 3.1 document describes it (`openapi.yaml`, the single source of
/// truth): every operation with its method, path, scopes, parameters and request bodies, whose
/// schemas validate what a request sends before a handler sees it.
public struct APIContract: Sendable {
    /// Where a parameter travels.
    public enum Location: String, Sendable { case path, query, header }

    public struct Parameter: Sendable {
        public let name: String
        public let location: Location
        public let required: Bool
        public let schema: JSONSchema
    }

    public struct Operation: Sendable {
        public let id: String
        /// Upper case: GET, POST, PUT, DELETE, PATCH.
        public let method: String
        /// As the contract writes it: `/api/v1/lessons/{slug}`.
        public let path: String
        public let summary: String
        public let tags: [String]
        /// The token scopes the operation needs (any token for `[]`); nil for a public operation.
        public let scopes: [String]?
        public let parameters: [Parameter]
        /// Request body schemas by media type; empty when the operation takes no body.
        public let bodies: [(type: String, schema: JSONSchema)]
        public let bodyRequired: Bool
        /// The response statuses the contract documents ("200", "404", …).
        public let statuses: [String]

        /// The path in Hummingbird's router syntax: `/api/v1/lessons/:slug`.
        public var routerPath: String {
            path.split(separator: "/", omittingEmptySubsequences: false).map { part in
                part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
            }.joined(separator: "/")
        }
    }

    public let document: JSONValue
    public let operations: [Operation]
    /// The `version` of the contract's `info`.
    public let version: String

    public static let methods = ["get", "put", "post", "delete", "patch"]

    public init(yaml text: String) throws {
        let document = try JSONValue.yaml(text)
        guard document["openapi"]?.string?.hasPrefix("3.1") == true else { throw ContractError("the contract is not OpenAPI 3.1") }
        let definitions = Dictionary(document["components"]?["schemas"]?.members ?? [], uniquingKeysWith: { first, _ in first })
        let componentParameters = document["components"]?["parameters"]
        let defaultSecurity = document["security"]
        var operations: [Operation] = []
        var ids: Set<String> = []
        for (path, item) in document["paths"]?.members ?? [] {
            let shared = item["parameters"]?.array ?? []
            for (method, node) in item.members ?? [] where Self.methods.contains(method) {
                guard let id = node["operationId"]?.string else { throw ContractError("\(method.uppercased()) \(path) has no operationId") }
                guard ids.insert(id).inserted else { throw ContractError("the operationId \(id) is used twice") }
                let parameters = try (shared + (node["parameters"]?.array ?? [])).map { raw -> Parameter in
                    var spec = raw
                    if let ref = raw["$ref"]?.string, ref.hasPrefix("#/components/parameters/") {
                        guard let found = componentParameters?[String(ref.dropFirst("#/components/parameters/".count))] else {
                            throw ContractError("\(id): no parameter \(ref)")
                        }
                        spec = found
                    }
                    guard let name = spec["name"]?.string, let location = spec["in"]?.string.flatMap(Location.init(rawValue:)) else {
                        throw ContractError("\(id): a parameter lacks its name or place")
                    }
                    return Parameter(name: name, location: location, required: spec["required"]?.bool ?? (location == .path),
                                     schema: JSONSchema(spec["schema"] ?? .object([]), definitions: definitions))
                }
                var bodies: [(String, JSONSchema)] = []
                var requestBody = node["requestBody"]
                if let ref = requestBody?["$ref"]?.string, ref.hasPrefix("#/components/requestBodies/") {
                    requestBody = document["components"]?["requestBodies"]?[String(ref.dropFirst("#/components/requestBodies/".count))]
                }
                for (type, media) in requestBody?["content"]?.members ?? [] {
                    bodies.append((type, JSONSchema(media["schema"] ?? .object([]), definitions: definitions)))
                }
                let security = node["security"] ?? defaultSecurity
                let scopes: [String]? = security?.array.flatMap { requirements in
                    requirements.isEmpty ? nil : requirements.first?["bearer"]?.array?.compactMap(\.string) ?? []
                }
                operations.append(Operation(
                    id: id, method: method.uppercased(), path: path, summary: node["summary"]?.string ?? "",
                    tags: node["tags"]?.array?.compactMap(\.string) ?? [], scopes: scopes, parameters: parameters, bodies: bodies,
                    bodyRequired: requestBody?["required"]?.bool ?? false, statuses: node["responses"]?.members?.map(\.0) ?? []))
            }
        }
        self.document = document
        self.operations = operations
        self.version = document["info"]?["version"]?.string ?? ""
    }

    public func operation(_ id: String) -> Operation? { operations.first { $0.id == id } }
}

extension APIContract.Operation {
    /// Checks the path and query parameters against their schemas: each value is read as the
    /// schema's type (a query string carries only text) and validated.
    public func problems(path: [String: String], query: [String: [String]]) -> [SchemaProblem] {
        var found: [SchemaProblem] = []
        for parameter in parameters where parameter.location != .header {
            let values = parameter.location == .path ? path[parameter.name].map { [$0] } ?? [] : query[parameter.name] ?? []
            guard let text = values.first else {
                if parameter.required { found.append(SchemaProblem(field: parameter.name, message: "is required")) }
                continue
            }
            if values.count > 1 { found.append(SchemaProblem(field: parameter.name, message: "is given more than once")); continue }
            let value = Self.typed(text, as: JSONSchema.types(parameter.schema.node["type"]) ?? ["string"])
            found += parameter.schema.problems(value, at: parameter.name, limit: 5)
        }
        return found
    }

    /// Text as the first of `types` it reads as (text that reads as none stays text, and fails).
    static func typed(_ text: String, as types: [String]) -> JSONValue {
        for type in types {
            switch type {
            case "integer": if let value = Int64(text) { return .int(value) }
            case "number": if let value = Double(text), value.isFinite, text.allSatisfy({ "0123456789.-+eE".contains($0) }) { return .double(value) }
            case "boolean": if text == "true" || text == "false" { return .bool(text == "true") }
            default: return .string(text)
            }
        }
        return .string(text)
    }
}
