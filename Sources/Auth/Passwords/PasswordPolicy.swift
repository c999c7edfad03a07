/// What a new password must be: 10 to 128 characters, not the email address, not a common password.
///
/// Length counts characters as a person sees them, so "pässwörd" is 8. Any character is allowed,
/// spaces included (pass phrases are good passwords).
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumLength = 128

    /// Why `password` cannot be used by the account with `email`, or nil when it can.
    public static func problem(password: String, email: String) -> String? {
        let length = password.count
        if length < minimumLength { return "Use at least \(minimumLength) characters (this has \(length))." }
        if length > maximumLength { return "Use at most \(maximumLength) characters." }
        let lowered = password.trimmingWhitespace.lowercased()
        let address = email.trimmingWhitespace.lowercased()
        if !address.isEmpty, lowered == address || lowered == address.split(separator: "@").first.map(String.init) {
            return "Your password must not be your email address."
        }
        if CommonPasswords.contains(password) { return "That password is one of the most common ones; choose another." }
        if Set(password).count == 1 { return "Use more than one kind of character." }
        return nil
    }
}
