import Foundation
import Yams

extension JSONValue {
    /// A YAML document as JSON (mappings keep their order; scalars by YAML's core schema:
    /// quote a string that would read as a number, boolean or null).
    public static func yaml(_ text: String) throws -> JSONValue {
        guard let node = try Yams.compose(yaml: text) else { return .null }
        return try JSONValue(node)
    }

    init(_ node: Node) throws {
        switch node {
        case .scalar(let scalar):
            // Yams resolves the scalar's tag (a quoted "true" stays text) and constructs it.
            switch node.any {
            case is NSNull: self = .null
            case let value as Bool: self = .bool(value)
            case let value as Int: self = .int(Int64(value))
            case let value as Double: self = .double(value)
            default: self = .string(scalar.string)
            }
        case .sequence(let sequence):
            self = .array(try sequence.map { try JSONValue($0) })
        case .mapping(let mapping):
            self = .object(try mapping.map { pair in
                guard let key = pair.key.string else { throw ContractError("a mapping key is not a string: \(pair.key)") }
                return (key, try JSONValue(pair.value))
            })
        case .alias:
            throw ContractError("YAML aliases are not used in the contract")
        }
    }
}

/// The contract cannot be read, or says something the server cannot serve.
public struct ContractError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
