import FoundationEssentials
import Logging
import PostgresNIO

/// Which BandUp account a verified Google sign-in opens: the account already linked to that Google
/// account; else a new account for an address Google has confirmed; an existing account with the
/// same address only after its owner confirms with their BandUp password, and only when BandUp has
/// confirmed that address too (so nobody takes over an account by making a Google account with its
/// unconfirmed address).
public struct GoogleAccounts: Sendable {
    public enum Outcome: Sendable, Equatable {
        case signIn(User, created: Bool)
        /// An account with this address exists: its owner must confirm the link.
        case confirmLink(User)
        case refused(String)
    }

    public let users: UserStore
    let hasher: PasswordHasher
    let logger: Logger
    let log: SecurityLog?

    public init(users: UserStore, hasher: PasswordHasher, logger: Logger, log: SecurityLog? = nil) {
        self.users = users
        self.hasher = hasher
        self.logger = logger
        self.log = log
    }

    public func resolve(_ claims: IDToken.Claims, client address: String = "", device: String = "") async throws -> Outcome {
        if let linked = try await find(subject: claims.sub) { return .signIn(linked, created: false) }
        guard let typed = claims.email, let email = try? EmailAddress(typed) else {
            return .refused("Google did not tell us an email address for this account, so BandUp cannot make or find an account for it.")
        }
        guard claims.email_verified == true else {
            return .refused("Google has not confirmed that \(typed) belongs to this Google account. Confirm it with Google, or sign up with a password.")
        }
        if let existing = try await users.find(email: email) {
            guard existing.isEmailVerified else {
                return .refused("A BandUp account with \(email.value) exists, but its address is not confirmed yet. Sign in with your password, "
                                + "confirm the address from the mail we sent, then you can link Google.")
            }
            return .confirmLink(existing)
        }
        // A password nobody knows: the learner can set one through "Forgot your password?".
        let hash = try await hasher.hash(OpenIDProvider.randomToken())
        let name = claims.name.map { String($0.prefix(80)) }.flatMap { $0.isEmpty ? nil : $0 } ?? String(email.value.prefix { $0 != "@" })
        // The account and its link together: never an account made from Google that Google cannot open.
        let users = users, logger = logger, subject = claims.sub
        let user = try await users.client.transaction(logger: logger) { connection in
            let user = try await users.create(email: email, displayName: name, passwordHash: hash, verified: true, on: connection, logger: logger)
            guard try await Self.setSubject(subject, for: user.id, on: connection, logger: logger) else { throw AccountError.notFound }
            return user
        }
        await log?.record(.googleLinked, userID: user.id, client: address, device: device, detail: "account made from Google")
        logger.notice("audit: account created with Google", metadata: ["user_id": "\(user.id)"])
        return .signIn(user, created: true)
    }

    /// Links `user` (whose owner has proved it: password, and the second step if on) to the Google
    /// account `subject`; false when the account is already linked to another Google account.
    public func link(_ user: User, subject: String, client address: String = "", device: String = "") async throws -> Bool {
        let users = users, logger = logger
        let linked = try await users.client.withConnection { connection in
            try await Self.setSubject(subject, for: user.id, on: connection, logger: logger)
        }
        guard linked else { return false }
        await log?.record(.googleLinked, userID: user.id, client: address, device: device)
        logger.notice("audit: Google account linked", metadata: ["user_id": "\(user.id)"])
        return true
    }

    /// Signing in with Google stops working for this account (the password still does).
    public func unlink(userID: Int64, client address: String = "", device: String = "") async throws {
        try await users.client.query("UPDATE users SET google_subject = NULL WHERE id = \(userID)")
        await log?.record(.googleUnlinked, userID: userID, client: address, device: device)
        logger.notice("audit: Google account unlinked", metadata: ["user_id": "\(userID)"])
    }

    public func isLinked(userID: Int64) async throws -> Bool {
        let rows = try await users.client.query("SELECT google_subject IS NOT NULL FROM users WHERE id = \(userID)")
        for try await linked in rows.decode(Bool.self) { return linked }
        return false
    }

    func find(subject: String) async throws -> User? {
        try await UserStore.users(users.client.query("SELECT \(unescaped: UserStore.columns) FROM users WHERE google_subject = \(subject)")).first
    }

    static func setSubject(_ subject: String, for id: Int64, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        do {
            let rows = try await connection.query("""
                UPDATE users SET google_subject = \(subject) WHERE id = \(id) AND google_subject IS NULL RETURNING id
                """, logger: logger)
            return try await !rows.collect().isEmpty
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw AccountError.invalid(field: "google", message: "That Google account is already linked to another BandUp account.")
        }
    }
}
