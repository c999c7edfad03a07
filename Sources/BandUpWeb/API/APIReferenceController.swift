import API
import Foundation
import Hummingbird
import Templates

/// `/developers/api`: the API's reference for people, drawn from the same contract the server
/// validates against: each operation with its scopes, parameters, body fields and answers, and
/// every kind of problem (the `type` URIs point here).
struct APIReferenceController {
    let pages: PageRenderer
    let contract: APIContract
    let settings: APISettings

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("developers/api") { request, context in
            try pages.render("developers/api.html", values, context: context, path: "/developers/api")
        }
    }

    var values: [String: TemplateValue] {
        let document = contract.document
        let tags = document["tags"]?.array ?? []
        return [
            "version": .string(contract.version),
            "description": .string(document["info"]?["description"]?.string ?? ""),
            "tokenLimit": .int(settings.tokenRequestsPerMinute), "addressLimit": .int(settings.addressRequestsPerMinute),
            "groups": .array(tags.compactMap { tag in
                guard let name = tag["name"]?.string else { return nil }
                let operations = contract.operations.filter { $0.tags.contains(name) }
                return .dictionary(["name": .string(name), "anchor": .string(name.lowercased().replacingOccurrences(of: " ", with: "-")),
                                    "description": .string(tag["description"]?.string ?? ""),
                                    "operations": .array(operations.map(operationValue))])
            }),
            "problems": .array(Problem.Kind.allCases.map { kind in
                .dictionary(["kind": .string(kind.rawValue), "status": .int(kind.status), "title": .string(kind.title)])
            }),
        ]
    }

    private func operationValue(_ operation: APIContract.Operation) -> TemplateValue {
        let node = contract.document["paths"]?[operation.path]?[operation.method.lowercased()]
        let fields: [TemplateValue] = operation.bodies.flatMap { body in
            let schema = resolved(body.schema.node)
            let required = Set(schema["required"]?.array?.compactMap(\.string) ?? [])
            return (schema["properties"]?.members ?? []).map { name, property in
                TemplateValue.dictionary(["name": .string(name), "media": .string(body.type), "required": .bool(required.contains(name)),
                                          "type": .string(Self.describe(resolved(property))), "about": .string(property["description"]?.string ?? "")])
            }
        }
        return .dictionary([
            "id": .string(operation.id), "method": .string(operation.method), "path": .string(operation.path), "summary": .string(operation.summary),
            "description": .string(node?["description"]?.string ?? ""),
            "scopes": .string(operation.scopes.map { $0.isEmpty ? "any token" : $0.joined(separator: ", ") } ?? "none (public)"),
            "parameters": .array(operation.parameters.map { parameter in
                .dictionary(["name": .string(parameter.name), "in": .string(parameter.location.rawValue), "required": .bool(parameter.required),
                             "type": .string(Self.describe(resolved(parameter.schema.node)))])
            }),
            "fields": .array(fields),
            "statuses": .string(operation.statuses.joined(separator: ", ")),
        ])
    }

    private func resolved(_ schema: JSONValue) -> JSONValue {
        guard let ref = schema["$ref"]?.string, ref.hasPrefix("#/components/schemas/"),
              let target = contract.document["components"]?["schemas"]?[String(ref.dropFirst("#/components/schemas/".count))] else { return schema }
        return target
    }

    /// "string, 1-200 characters", "one of exam, practice", "integer, 1-50".
    static func describe(_ schema: JSONValue) -> String {
        if let options = schema["enum"]?.array { return "one of " + options.map { $0.string ?? $0.text }.joined(separator: ", ") }
        let type = JSONSchema.types(schema["type"])?.joined(separator: " or ") ?? "any"
        var notes: [String] = []
        if let low = schema["minLength"]?.int, let high = schema["maxLength"]?.int { notes.append("\(low)-\(high) characters") }
        else if let high = schema["maxLength"]?.int { notes.append("at most \(high) characters") }
        if let low = schema["minimum"]?.number, let high = schema["maximum"]?.number { notes.append("\(JSONValue.double(low).text)-\(JSONValue.double(high).text)") }
        if let format = schema["format"]?.string { notes.append(format) }
        return ([type] + notes).joined(separator: ", ")
    }
}
