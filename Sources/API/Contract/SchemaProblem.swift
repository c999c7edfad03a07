/// One way a request breaks the contract: where (a JSON Pointer into the body, or the parameter's
/// name) and what is wrong, in words a developer can act on.
public struct SchemaProblem: Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field.isEmpty ? "the body" : field): \(message)" }
}
