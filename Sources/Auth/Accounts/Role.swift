/// What a person may do in BandUp.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Practises, sees their own work. Everyone who signs up.
    case learner
    /// Also writes lessons and tests.
    case editor
    /// Also manages accounts and roles.
    case admin

    private var rank: Int {
        switch self {
        case .learner: 0
        case .editor: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role includes everything `other` may do.
    public func includes(_ other: Role) -> Bool { self >= other }
}
