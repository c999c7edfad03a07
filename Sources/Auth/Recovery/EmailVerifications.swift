import FoundationEssentials
import Logging
import Database
import Mail
import PostgresNIO

/// Confirming that a learner reads mail at their address: a link mailed at sign-up (in the
/// sign-up's own transaction) or again from the account page, single use, 48 hours, good only for
/// the address it was sent to. Until then the account practises but cannot make API tokens.
public struct EmailVerifications: Sendable {
    /// Writes the mail that carries the link `token` to `user`.
    public typealias Compose = @Sendable (_ user: User, _ token: String) throws -> MailMessage

    let client: PostgresClient
    let users: UserStore
    let outbox: MailOutbox
    let logger: Logger
    let log: SecurityLog?
    public static let lifetime: Duration = .seconds(48 * 3600)
    /// Links the account page may send an hour (a mailbox is not a megaphone).
    public static let perHour = 3

    public init(client: PostgresClient, users: UserStore, outbox: MailOutbox, logger: Logger, log: SecurityLog? = nil) {
        self.client = client
        self.users = users
        self.outbox = outbox
        self.logger = logger
        self.log = log
    }

    /// Stores a link for `user`'s address and queues its mail, inside the caller's transaction.
    public func issue(for user: User, compose: Compose, on connection: PostgresConnection) async throws {
        let token = MailedLink.newToken()
        let message = try compose(user, token)
        let seconds = Int(Self.lifetime.components.seconds)
        try await connection.query("""
            INSERT INTO email_verifications (token_hash, user_id, email, expires_at)
            VALUES (\(MailedLink.hash(token)), \(user.id), \(user.email), now() + make_interval(secs => \(seconds)))
            """, logger: logger)
        try await outbox.enqueue(message, kind: "verify-email", userID: user.id, on: connection, logger: logger)
    }

    /// Sends a new link from the account page. False when the address is already confirmed or
    /// ``perHour`` links went out in the last hour.
    public func resend(to user: User, compose: @escaping Compose) async throws -> Bool {
        guard !user.isEmailVerified else { return false }
        let logger = logger
        return try await client.transaction(logger: logger) { connection in
            // One at a time per account: the count below cannot race another resend.
            try await connection.query("SELECT id FROM users WHERE id = \(user.id) FOR UPDATE", logger: logger)
            let rows = try await connection.query("""
                SELECT count(*) FROM email_verifications WHERE user_id = \(user.id) AND created_at > now() - interval '1 hour'
                """, logger: logger)
            var recent = 0
            for try await count in rows.decode(Int.self) { recent = count }
            guard recent < Self.perHour else { return false }
            try await issue(for: user, compose: compose, on: connection)
            return true
        }
    }

    /// Confirms the address a link was sent to; the account, or nil for a spent, expired or made-up
    /// link or one sent to an address the account no longer has.
    public func confirm(token: String) async throws -> User? {
        let logger = logger
        let id: Int64? = try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query("""
                UPDATE email_verifications v SET used_at = now()
                FROM users u
                WHERE v.token_hash = \(MailedLink.hash(token)) AND v.used_at IS NULL AND v.expires_at > now()
                  AND u.id = v.user_id AND lower(u.email) = lower(v.email)
                RETURNING v.user_id
                """, logger: logger)
            var found: Int64?
            for try await id in rows.decode(Int64.self) { found = id }
            guard let found else { return nil }
            try await connection.query("UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = \(found)", logger: logger)
            // The account's other open links have done their work.
            try await connection.query("UPDATE email_verifications SET used_at = now() WHERE user_id = \(found) AND used_at IS NULL", logger: logger)
            return found
        }
        guard let id else { return nil }
        logger.notice("audit: email address confirmed", metadata: ["user_id": "\(id)"])
        await log?.record(.emailConfirmed, userID: id)
        return try await users.find(id: id)
    }
}
