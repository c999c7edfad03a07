/// What an API token may do. A learner chooses them when creating the token; an operation in the
/// API contract names the scopes it needs.
public enum TokenScope: String, Sendable, CaseIterable, Codable {
    /// Read lessons, tests, prompts, decks, results and the dashboard.
    case read
    /// Take practice tests and review flashcards (start, save, submit, review, card sets).
    case practice
    /// Send Writing and Speaking answers for feedback (counts against the daily feedback quota).
    case feedback
    /// Publish lessons (editors and admins only).
    case contentWrite = "content:write"

    /// What the account page says about it.
    public var summary: String {
        switch self {
        case .read: "Read lessons, tests, your results and your dashboard"
        case .practice: "Take practice tests and review flashcards"
        case .feedback: "Send Writing and Speaking answers for feedback"
        case .contentWrite: "Publish lessons (editors only)"
        }
    }

    /// The least role that may hold it.
    public var role: Role { self == .contentWrite ? .editor : .learner }
}
