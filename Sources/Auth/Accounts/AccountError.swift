/// Why an account operation was refused, in words for the person.
public enum AccountError: Error, Sendable, Equatable {
    /// A form field is wrong; `field` names it so the form can show the message beside it.
    case invalid(field: String, message: String)
    /// Several fields are wrong at once.
    case invalidFields([String: String])
    /// The email and password do not match an account (the same words whether the email exists or not).
    case wrongCredentials
    /// Too many failed sign-ins; try again after this many seconds.
    case throttled(retryAfterSeconds: Int)
    /// A two-step code that is wrong, already used, or from a set of recovery codes replaced since.
    case wrongCode
    case notFound

    /// The messages by field name.
    public var fieldMessages: [String: String] {
        switch self {
        case .invalid(let field, let message): [field: message]
        case .invalidFields(let messages): messages
        default: [:]
        }
    }
}
