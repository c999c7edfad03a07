import FoundationEssentials

/// What a person types to create an account. Every field is kept as typed so the form can be
/// shown again with a message beside each wrong one (except the password, which is never shown).
public struct SignUpForm: Sendable, Equatable {
    public var email: String
    public var displayName: String
    public var password: String
    /// Optional: "6.5".
    public var targetBand: String
    /// Optional: "2027-03-14".
    public var examDate: String

    public init(email: String = "", displayName: String = "", password: String = "", targetBand: String = "", examDate: String = "") {
        self.email = email
        self.displayName = displayName
        self.password = password
        self.targetBand = targetBand
        self.examDate = examDate
    }

    /// The valid, normalised values, or every problem at once by field name.
    func validated(today: Date) throws(AccountError) -> (email: EmailAddress, name: String, band: Double?, exam: String?) {
        var problems: [String: String] = [:]
        var address: EmailAddress?
        do { address = try EmailAddress(email) } catch { problems.merge(error.fieldMessages) { a, _ in a } }
        let name = displayName.trimmingWhitespace
        if name.isEmpty { problems["displayName"] = "Enter the name we should call you." }
        if name.count > 80 { problems["displayName"] = "Use at most 80 characters." }
        if let problem = PasswordPolicy.problem(password: password, email: email) { problems["password"] = problem }
        let band = Self.band(targetBand)
        if band == .invalid { problems["targetBand"] = "Choose a band from 1 to 9 in half bands, such as 6.5." }
        let exam = Self.examDate(examDate, today: today)
        if exam == .invalid { problems["examDate"] = "Enter a date from today on, as YYYY-MM-DD." }
        guard problems.isEmpty, let address else { throw .invalidFields(problems) }
        return (address, name, band.value, exam.value)
    }

    enum FieldValue<T>: Equatable where T: Equatable {
        case empty, invalid, valid(T)
        var value: T? { if case .valid(let v) = self { v } else { nil } }
    }

    static func band(_ text: String) -> FieldValue<Double> {
        let text = text.trimmingWhitespace
        if text.isEmpty { return .empty }
        guard let band = Double(text), (1...9).contains(band), (band * 2).rounded() == band * 2 else { return .invalid }
        return .valid(band)
    }

    static func examDate(_ text: String, today: Date) -> FieldValue<String> {
        let text = text.trimmingWhitespace
        if text.isEmpty { return .empty }
        guard let date = try? Date(text + "T23:59:59Z", strategy: .iso8601), date >= today,
              date.timeIntervalSince(today) < 3 * 366 * 86400 else { return .invalid }
        return .valid(text)
    }
}
