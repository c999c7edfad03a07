import FoundationEssentials

/// A BandUp account.
public struct User: Sendable, Equatable, Identifiable {
    public let id: Int64
    public let email: String
    public var displayName: String
    public var role: Role
    /// The band the learner is aiming for (1-9 in half bands), if they said.
    public var targetBand: Double?
    /// The learner's exam date as `yyyy-MM-dd`, if they said.
    public var examDate: String?
    public let createdAt: Date
    public var lastSignInAt: Date?
    public var passwordChangedAt: Date
    /// When the learner proved they read mail at ``email`` (nil: not yet).
    public var emailVerifiedAt: Date?

    /// Whether ``email`` is confirmed: unconfirmed accounts practise, but cannot make API tokens.
    public var isEmailVerified: Bool { emailVerifiedAt != nil }

    public init(id: Int64, email: String, displayName: String, role: Role, targetBand: Double?, examDate: String?,
                createdAt: Date, lastSignInAt: Date?, passwordChangedAt: Date, emailVerifiedAt: Date? = nil) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.role = role
        self.targetBand = targetBand
        self.examDate = examDate
        self.createdAt = createdAt
        self.lastSignInAt = lastSignInAt
        self.passwordChangedAt = passwordChangedAt
        self.emailVerifiedAt = emailVerifiedAt
    }
}
