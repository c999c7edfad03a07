/// An email address as BandUp stores it: trimmed and lower-cased, so `Ana@Example.com ` and
/// `ana@example.com` are one account.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let value: String
    public var description: String { value }

    /// Normalises `text`, or throws a message for the person who typed it.
    public init(_ text: String) throws(AccountError) {
        let email = text.trimmingWhitespace.lowercased()
        guard !email.isEmpty else { throw .invalid(field: "email", message: "Enter your email address.") }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains(".."),
              !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0 == "\"" })
        else {
            throw .invalid(field: "email", message: "Enter an email address like name@example.com.")
        }
        value = email
    }
}
