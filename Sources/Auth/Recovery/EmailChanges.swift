import FoundationEssentials
import Logging
import Database
import Mail
import PostgresNIO

/// Changing the address an account signs in with, so that a stolen session cannot keep the account:
/// the current password is asked for, a link to the new address confirms it (48 hours), and the
/// old address is then told, with a link that undoes the change for 7 days and signs every device out.
public struct EmailChanges: Sendable {
    /// Writes a mail with a link holding `token`: to the new address (confirm) or the old one (undo).
    public typealias Compose = @Sendable (_ user: User, _ from: String, _ to: String, _ token: String) throws -> MailMessage

    let client: PostgresClient
    let users: UserStore
    let hasher: PasswordHasher
    let outbox: MailOutbox
    let sessions: SessionStore
    let logger: Logger
    let log: SecurityLog?
    public static let confirmLifetime: Duration = .seconds(48 * 3600)
    public static let undoLifetime: Duration = .seconds(7 * 86_400)
    /// Links to new addresses an account may send an hour.
    public static let perHour = 3

    public init(client: PostgresClient, users: UserStore, hasher: PasswordHasher, outbox: MailOutbox, sessions: SessionStore,
                logger: Logger, log: SecurityLog? = nil) {
        self.client = client
        self.users = users
        self.hasher = hasher
        self.outbox = outbox
        self.sessions = sessions
        self.logger = logger
        self.log = log
    }

    /// Mails a confirmation link to `newEmail`. ``AccountError/invalid(field:message:)`` for the
    /// wrong password (`password`) or an address that is not one, is the same, or is taken (`newEmail`).
    public func request(user: User, newEmail: String, password: String, compose: Compose) async throws -> EmailAddress {
        guard let hash = try await users.passwordHash(id: user.id), try await hasher.verify(password, against: hash) else {
            throw AccountError.invalid(field: "password", message: "That is not your current password.")
        }
        let address: EmailAddress
        do { address = try EmailAddress(newEmail) } catch {
            throw AccountError.invalid(field: "newEmail", message: "Enter an email address such as name@example.com.")
        }
        guard address.value != user.email.lowercased() else {
            throw AccountError.invalid(field: "newEmail", message: "That is already your address.")
        }
        let logger = logger
        let held = try await client.withConnection { try await UserStore.isHeldForUndo(address.value, on: $0, logger: logger) }
        if try await users.find(email: address) != nil || held {
            throw AccountError.invalid(field: "newEmail", message: "Another account uses that address.")
        }
        let rows = try await client.query("""
            SELECT count(*) FILTER (WHERE kind = 'confirm' AND created_at > now() - interval '1 hour'),
                   count(*) FILTER (WHERE kind = 'undo' AND used_at IS NULL AND expires_at > now())
            FROM email_changes WHERE user_id = \(user.id)
            """)
        for try await (recent, undoable) in rows.decode((Int, Int).self) {
            // While the old address can still undo a change, the address cannot change again: a
            // second change must not strand the first undo link.
            if undoable > 0 {
                throw AccountError.invalid(field: "newEmail", message: "Your address changed in the last 7 days; it can change again when the old address can no longer undo it.")
            }
            if recent >= Self.perHour {
                throw AccountError.invalid(field: "newEmail", message: "We sent \(Self.perHour) links this hour; follow one of them, or try again later.")
            }
        }
        let token = MailedLink.newToken()
        let message = try compose(user, user.email, address.value, token)
        try await client.transaction(logger: logger) { connection in
            try await store(token, kind: "confirm", user: user.id, from: user.email, to: address.value, lifetime: Self.confirmLifetime, on: connection)
            try await outbox.enqueue(message, kind: "email-change", userID: user.id, on: connection, logger: logger)
        }
        logger.notice("audit: email change asked for", metadata: ["user_id": "\(user.id)"])
        return address
    }

    /// Follows the link sent to the new address: the account takes it (confirmed), and the old
    /// address is mailed an undo link. Nil for a spent, expired or made-up link, or one overtaken
    /// by another change; ``AccountError/invalid(field:message:)`` if the address was taken meanwhile.
    public func confirm(token: String, composeUndo: @escaping Compose) async throws -> User? {
        let logger = logger, undo = MailedLink.newToken()
        let changed: Int64? = try await client.transaction(logger: logger) { connection in
            guard let (id, old, new) = try await claim(token, kind: "confirm", on: connection) else { return nil }
            do {
                let rows = try await connection.query("""
                    UPDATE users SET email = \(new), email_verified_at = now() WHERE id = \(id) AND lower(email) = lower(\(old)) RETURNING id
                    """, logger: logger)
                var found = false
                for try await _ in rows.decode(Int64.self) { found = true }
                guard found else { return nil }
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                throw AccountError.invalid(field: "newEmail", message: "Another account took that address meanwhile.")
            }
            guard let user = try await UserStore.users(connection.query("SELECT \(unescaped: UserStore.columns) FROM users WHERE id = \(id)",
                                                                        logger: logger)).first else { return nil }
            try await store(undo, kind: "undo", user: id, from: old, to: new, lifetime: Self.undoLifetime, on: connection)
            try await outbox.enqueue(try composeUndo(user, old, new, undo), kind: "email-changed", userID: id, on: connection, logger: logger)
            return id
        }
        guard let changed else { return nil }
        await log?.record(.emailChanged, userID: changed)
        logger.notice("audit: email changed", metadata: ["user_id": "\(changed)"])
        return try await users.find(id: changed)
    }

    /// Whether an undo link is still good (for the page that asks before undoing).
    public func canUndo(token: String) async throws -> Bool {
        let rows = try await client.query("""
            SELECT 1 FROM email_changes WHERE token_hash = \(MailedLink.hash(token)) AND kind = 'undo' AND used_at IS NULL AND expires_at > now()
            """)
        for try await _ in rows.decode(Int.self) { return true }
        return false
    }

    /// Follows the undo link sent to the old address: the account gets its old address back,
    /// every device is signed out and every API token revoked (whoever changed it included), and
    /// the password no longer works (whoever changed the address knew it): the owner sets a new
    /// one through a reset link. Nil for a spent or made-up link.
    public func undo(token: String) async throws -> User? {
        let logger = logger
        // A password nobody knows (256 random bits, thrown away).
        let unusable = try await hasher.hash(MailedLink.newToken())
        let restored: Int64? = try await client.transaction(logger: logger) { connection in
            guard let (id, old, _) = try await claim(token, kind: "undo", on: connection) else { return nil }
            var found = false
            do {
                let rows = try await connection.query("""
                    UPDATE users SET email = \(old), email_verified_at = now(), password_hash = \(unusable), password_changed_at = now(),
                                     google_subject = NULL
                    WHERE id = \(id) RETURNING id
                    """, logger: logger)
                for try await _ in rows.decode(Int64.self) { found = true }
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                throw AccountError.invalid(field: "token", message: "Another account uses that address now; write to us and we will sort it out.")
            }
            guard found else { return nil }
            // Links the new address may still hold are void, and so is every token.
            try await connection.query("UPDATE email_changes SET used_at = now() WHERE user_id = \(id) AND used_at IS NULL", logger: logger)
            try await connection.query("UPDATE password_resets SET used_at = now() WHERE user_id = \(id) AND used_at IS NULL", logger: logger)
            try await connection.query("UPDATE access_tokens SET revoked_at = now() WHERE user_id = \(id) AND revoked_at IS NULL", logger: logger)
            // Whoever changed the address may have linked their Google account or their phone: both go
            // (two-step set up while the change could be undone; the owner sets it up again).
            try await connection.query("""
                DELETE FROM recovery_codes WHERE user_id = \(id) AND EXISTS (
                    SELECT 1 FROM two_factor WHERE user_id = \(id) AND created_at > now() - interval '7 days')
                """, logger: logger)
            try await connection.query("DELETE FROM two_factor WHERE user_id = \(id) AND created_at > now() - interval '7 days'", logger: logger)
            return id
        }
        guard let restored else { return nil }
        try await sessions.endAll(userID: restored)
        await log?.record(.emailChangeUndone, userID: restored)
        logger.notice("audit: email change undone", metadata: ["user_id": "\(restored)"])
        return try await users.find(id: restored)
    }

    private func store(_ token: String, kind: String, user: Int64, from old: String, to new: String, lifetime: Duration,
                       on connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO email_changes (token_hash, user_id, kind, old_email, new_email, expires_at)
            VALUES (\(MailedLink.hash(token)), \(user), \(kind), \(old), \(new), now() + make_interval(secs => \(Int(lifetime.components.seconds))))
            """, logger: logger)
    }

    /// Uses up a link of `kind`: its account, old and new address.
    private func claim(_ token: String, kind: String, on connection: PostgresConnection) async throws -> (Int64, String, String)? {
        let rows = try await connection.query("""
            UPDATE email_changes SET used_at = now()
            WHERE token_hash = \(MailedLink.hash(token)) AND kind = \(kind) AND used_at IS NULL AND expires_at > now()
            RETURNING user_id, old_email, new_email
            """, logger: logger)
        for try await row in rows.decode((Int64, String, String).self) { return row }
        return nil
    }
}
