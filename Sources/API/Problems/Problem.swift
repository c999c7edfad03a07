/// An API error as RFC 9457 problem details (`application/problem+json`): a stable `type` per
/// kind, the HTTP status, a short title, a `detail` for a person, and for invalid requests the
/// list of fields and what is wrong with each. Never a stack trace.
public struct Problem: Error, Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case validation = "validation"
        case malformedJSON = "malformed-json"
        case unauthorized = "unauthorized"
        case insufficientScope = "insufficient-scope"
        case forbidden = "forbidden"
        case notFound = "not-found"
        case methodNotAllowed = "method-not-allowed"
        case notAcceptable = "not-acceptable"
        case conflict = "conflict"
        case attemptClosed = "attempt-closed"
        case tooLarge = "too-large"
        case unsupportedMediaType = "unsupported-media-type"
        case unprocessable = "unprocessable"
        case idempotencyKeyReused = "idempotency-key-reused"
        case idempotencyInProgress = "idempotency-in-progress"
        case rateLimited = "rate-limited"
        case unavailable = "unavailable"
        case serverError = "server-error"

        public var status: Int {
            switch self {
            case .validation, .malformedJSON: 400
            case .unauthorized: 401
            case .insufficientScope, .forbidden: 403
            case .notFound: 404
            case .methodNotAllowed: 405
            case .notAcceptable: 406
            case .conflict, .attemptClosed, .idempotencyInProgress: 409
            case .tooLarge: 413
            case .unsupportedMediaType: 415
            case .unprocessable, .idempotencyKeyReused: 422
            case .rateLimited: 429
            case .serverError: 500
            case .unavailable: 503
            }
        }

        public var title: String {
            switch self {
            case .validation: "The request does not match the API's contract"
            case .malformedJSON: "The body is not valid JSON"
            case .unauthorized: "A valid access token is needed"
            case .insufficientScope: "The token lacks a scope this needs"
            case .forbidden: "Not allowed for this account"
            case .notFound: "Not found"
            case .methodNotAllowed: "This method is not allowed here"
            case .notAcceptable: "No acceptable representation"
            case .conflict: "The request conflicts with the resource's state"
            case .attemptClosed: "The attempt is closed"
            case .tooLarge: "The body is too large"
            case .unsupportedMediaType: "Unsupported media type"
            case .unprocessable: "The request matches the contract but cannot be carried out"
            case .idempotencyKeyReused: "The Idempotency-Key was used for another request"
            case .idempotencyInProgress: "A request with this Idempotency-Key is still being processed"
            case .rateLimited: "Too many requests"
            case .unavailable: "BandUp is briefly unavailable"
            case .serverError: "Something went wrong on BandUp's side"
            }
        }
    }

    public let kind: Kind
    public let detail: String
    /// For `validation`: each field and what is wrong with it.
    public let errors: [SchemaProblem]

    public init(_ kind: Kind, _ detail: String, errors: [SchemaProblem] = []) {
        self.kind = kind
        self.detail = detail
        self.errors = errors
    }

    public var status: Int { kind.status }

    /// The document, with `type` under `base` (`https://…/developers/api`) and the request's path
    /// as `instance`.
    public func json(typeBase base: String, instance: String) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("type", .string("\(base)#problem-\(kind.rawValue)")), ("title", .string(kind.title)), ("status", .int(Int64(status))),
            ("detail", .string(detail)), ("instance", .string(instance)),
        ]
        if !errors.isEmpty {
            members.append(("errors", .array(errors.map { .object([("field", .string($0.field)), ("message", .string($0.message))]) })))
        }
        return .object(members)
    }
}
