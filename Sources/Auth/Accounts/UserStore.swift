import FoundationEssentials
import Logging
import PostgresNIO

/// Accounts in PostgreSQL. Every statement is parameterised.
public struct UserStore: Sendable {
    let client: PostgresClient

    public init(client: PostgresClient) { self.client = client }

    static let columns = "id, email, display_name, role, target_band::float8, to_char(exam_date, 'YYYY-MM-DD'), created_at, last_sign_in_at, password_changed_at, email_verified_at"

    /// Creates an account; `AccountError.invalid(field: "email", …)` when the email is taken.
    /// `verified` marks the address confirmed (an operator's `bandup user create`).
    public func create(email: EmailAddress, displayName: String, passwordHash: String, role: Role = .learner,
                       targetBand: Double? = nil, examDate: String? = nil, verified: Bool = false) async throws -> User {
        try await client.withConnection { connection in
            try await create(email: email, displayName: displayName, passwordHash: passwordHash, role: role, targetBand: targetBand,
                             examDate: examDate, verified: verified, on: connection, logger: Logger(label: "bandup.users"))
        }
    }

    /// ``create(email:displayName:passwordHash:role:targetBand:examDate:verified:)`` inside the caller's transaction.
    public func create(email: EmailAddress, displayName: String, passwordHash: String, role: Role = .learner,
                       targetBand: Double? = nil, examDate: String? = nil, verified: Bool = false,
                       on connection: PostgresConnection, logger: Logger) async throws -> User {
        do {
            if try await Self.isHeldForUndo(email.value, on: connection, logger: logger) {
                throw AccountError.invalid(field: "email", message: Self.taken)
            }
            let rows = try await connection.query("""
                INSERT INTO users (email, display_name, password_hash, role, target_band, exam_date, email_verified_at)
                VALUES (\(email.value), \(displayName), \(passwordHash), \(role.rawValue), \(targetBand), \(examDate)::date,
                        CASE WHEN \(verified) THEN now() END)
                RETURNING \(unescaped: Self.columns)
                """, logger: logger)
            guard let user = try await Self.users(rows).first else { throw AccountError.notFound }
            return user
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw AccountError.invalid(field: "email", message: Self.taken)
        }
    }

    static let taken = "An account with this email already exists. Sign in instead?"

    /// Whether `address` is the old address of a change its owner can still undo: it is kept for
    /// them until then, and nobody else may take it.
    static func isHeldForUndo(_ address: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("""
            SELECT 1 FROM email_changes WHERE kind = 'undo' AND used_at IS NULL AND expires_at > now() AND lower(old_email) = lower(\(address)) LIMIT 1
            """, logger: logger)
        for try await _ in rows.decode(Int.self) { return true }
        return false
    }

    public func find(id: Int64) async throws -> User? {
        try await Self.users(client.query("SELECT \(unescaped: Self.columns) FROM users WHERE id = \(id)")).first
    }

    public func find(email: EmailAddress) async throws -> User? {
        try await Self.users(client.query("SELECT \(unescaped: Self.columns) FROM users WHERE lower(email) = \(email.value)")).first
    }

    /// The account and its password hash, for signing in.
    public func credentials(email: EmailAddress) async throws -> (user: User, passwordHash: String)? {
        let rows = try await client.query("SELECT \(unescaped: Self.columns), password_hash FROM users WHERE lower(email) = \(email.value)")
        for try await (id, email, name, role, band, exam, created, lastSignIn, changed, verified, hash) in
            rows.decode((Int64, String, String, String, Double?, String?, Date, Date?, Date, Date?, String).self) {
            return (Self.user(id, email, name, role, band, exam, created, lastSignIn, changed, verified), hash)
        }
        return nil
    }

    public func passwordHash(id: Int64) async throws -> String? {
        for try await hash in try await client.query("SELECT password_hash FROM users WHERE id = \(id)").decode(String.self) { return hash }
        return nil
    }

    public func recordSignIn(id: Int64) async throws {
        try await client.query("UPDATE users SET last_sign_in_at = now() WHERE id = \(id)")
    }

    public func setPassword(id: Int64, hash: String) async throws {
        try await client.query("UPDATE users SET password_hash = \(hash), password_changed_at = now() WHERE id = \(id)")
    }

    public func setRole(id: Int64, role: Role) async throws {
        try await client.query("UPDATE users SET role = \(role.rawValue) WHERE id = \(id)")
    }

    /// All accounts, newest first (the admin page), at most `limit`.
    public func all(limit: Int = 500) async throws -> [User] {
        try await Self.users(client.query("SELECT \(unescaped: Self.columns) FROM users ORDER BY created_at DESC, id DESC LIMIT \(limit)"))
    }

    static func users(_ rows: PostgresRowSequence) async throws -> [User] {
        var users: [User] = []
        for try await (id, email, name, role, band, exam, created, lastSignIn, changed, verified) in
            rows.decode((Int64, String, String, String, Double?, String?, Date, Date?, Date, Date?).self) {
            users.append(user(id, email, name, role, band, exam, created, lastSignIn, changed, verified))
        }
        return users
    }

    static func user(_ id: Int64, _ email: String, _ name: String, _ role: String, _ band: Double?, _ exam: String?,
                     _ created: Date, _ lastSignIn: Date?, _ changed: Date, _ verified: Date?) -> User {
        User(id: id, email: email, displayName: name, role: Role(rawValue: role) ?? .learner, targetBand: band,
             examDate: exam, createdAt: created, lastSignInAt: lastSignIn, passwordChangedAt: changed, emailVerifiedAt: verified)
    }
}
