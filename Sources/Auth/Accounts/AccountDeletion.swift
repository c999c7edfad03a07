import FoundationEssentials
import Logging
import Database
import Mail
import PostgresNIO
import Redis

/// "Delete my account". The learner asks with their password and the word DELETE; at once every
/// session ends and every API token is revoked, and a notice is mailed. After a grace period
/// (7 days; signing in meanwhile and cancelling keeps the account) everything of theirs goes:
/// their recordings from storage, every key of theirs in Redis, and their rows in PostgreSQL
/// (the `users` row; every table of theirs cascades, and lessons an editor wrote stay, without
/// their name).
public struct AccountDeletion: Sendable {
    /// Writes the notice that the account of `user` will be deleted at `due`.
    public typealias Compose = @Sendable (_ user: User, _ due: Date) throws -> MailMessage
    /// Deletes one stored object (a recording) by its storage key; a missing object is not an error.
    public typealias DeleteObject = @Sendable (_ key: String) async throws -> Void

    let client: PostgresClient
    let redis: RedisClient
    let users: UserStore
    let hasher: PasswordHasher
    let sessions: SessionStore
    let outbox: MailOutbox
    let logger: Logger
    let log: SecurityLog?
    /// How long after asking the account is deleted.
    public let grace: Duration
    /// The feedback queue's Redis prefix (`FEEDBACK_REDIS_PREFIX`): its streams name the learner's answers and card sets.
    let jobPrefix: String

    /// What the learner types to show they mean it (any case, spaces around ignored).
    public static let confirmationWord = "DELETE"
    /// Accounts deleted per round at most; the rest wait for the next round.
    static let batch = 100

    public init(client: PostgresClient, redis: RedisClient, users: UserStore, hasher: PasswordHasher, sessions: SessionStore,
                outbox: MailOutbox, logger: Logger, log: SecurityLog? = nil, grace: Duration = .seconds(7 * 86_400),
                jobPrefix: String = "feedback") {
        self.client = client
        self.redis = redis
        self.users = users
        self.hasher = hasher
        self.sessions = sessions
        self.outbox = outbox
        self.logger = logger
        self.log = log
        self.grace = grace
        self.jobPrefix = jobPrefix
    }

    /// Asks for the account to be deleted when the grace period is over, and returns when that is.
    /// ``AccountError/invalid(field:message:)`` for a wrong password (`deletePassword`) or a missing
    /// word (`deleteConfirmation`); ``AccountError/invalidFields(_:)`` for both. Asking again while
    /// the account waits keeps the first date.
    public func request(user: User, password: String, confirmation: String, compose: @escaping Compose,
                        client address: String = "", device: String = "") async throws -> Date {
        guard let hash = try await users.passwordHash(id: user.id) else { throw AccountError.notFound }
        var problems: [String: String] = [:]
        let rightPassword = try await hasher.verify(password, against: hash)
        if !rightPassword { problems["deletePassword"] = "That is not your password." }
        if confirmation.trimmingWhitespace.uppercased() != Self.confirmationWord {
            problems["deleteConfirmation"] = "Type \(Self.confirmationWord) in this box to confirm."
        }
        guard problems.isEmpty else {
            if problems.count == 1, let problem = problems.first { throw AccountError.invalid(field: problem.key, message: problem.value) }
            throw AccountError.invalidFields(problems)
        }
        let seconds = Int(grace.components.seconds), logger = logger, outbox = outbox
        let due: Date = try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query("""
                UPDATE users SET deletion_due_at = coalesce(deletion_due_at, now() + make_interval(secs => \(seconds)))
                WHERE id = \(user.id) RETURNING deletion_due_at
                """, logger: logger)
            var found: Date?
            for try await date in rows.decode(Date.self) { found = date }
            guard let found else { throw AccountError.notFound }
            try await connection.query("UPDATE access_tokens SET revoked_at = now() WHERE user_id = \(user.id) AND revoked_at IS NULL", logger: logger)
            try await outbox.enqueue(try compose(user, found), kind: "account-deletion", userID: user.id, on: connection, logger: logger)
            return found
        }
        try await sessions.endAll(userID: user.id)
        await log?.record(.deletionRequested, userID: user.id, client: address, device: device)
        logger.notice("audit: account deletion asked for", metadata: ["user_id": "\(user.id)"])
        return due
    }

    /// Keeps the account after all; false when it was not waiting to be deleted.
    public func cancel(userID: Int64, client address: String = "", device: String = "") async throws -> Bool {
        let rows = try await client.query("""
            UPDATE users SET deletion_due_at = NULL WHERE id = \(userID) AND deletion_due_at IS NOT NULL RETURNING id
            """)
        var cancelled = false
        for try await _ in rows.decode(Int64.self) { cancelled = true }
        guard cancelled else { return false }
        await log?.record(.deletionCancelled, userID: userID, client: address, device: device)
        logger.notice("audit: account deletion cancelled", metadata: ["user_id": "\(userID)"])
        return true
    }

    /// When the account will be deleted; nil when nobody asked.
    public func dueDate(userID: Int64) async throws -> Date? {
        let rows = try await client.query("SELECT deletion_due_at FROM users WHERE id = \(userID)")
        for try await due in rows.decode(Date?.self) { return due }
        return nil
    }

    /// Deletes the accounts whose grace period is over at `now` (at most ``batch`` a round); how many.
    /// An account another process is deleting is skipped; one that fails (storage or Redis away)
    /// stays whole, is logged, and is tried again next round.
    @discardableResult
    public func purgeDue(now: Date = Date(), deleteObject: @escaping DeleteObject) async throws -> Int {
        let rows = try await client.query("""
            SELECT id FROM users WHERE deletion_due_at <= \(now) ORDER BY deletion_due_at, id LIMIT \(Self.batch)
            """)
        var due: [Int64] = []
        for try await id in rows.decode(Int64.self) { due.append(id) }
        var purged = 0
        for id in due {
            do {
                if try await purge(userID: id, dueBy: now, deleteObject: deleteObject) { purged += 1 }
            } catch {
                logger.error("an account due for deletion was not deleted; it is tried again next round",
                             metadata: ["user_id": "\(id)", "error": "\(error)"])
            }
        }
        return purged
    }

    /// Deletes the account now, due or not (``purgeDue(now:deleteObject:)`` does it when it is due);
    /// false when there is no such account.
    @discardableResult
    public func purge(userID: Int64, deleteObject: @escaping DeleteObject) async throws -> Bool {
        try await purge(userID: userID, dueBy: nil, deleteObject: deleteObject)
    }

    /// Storage first, then Redis, then PostgreSQL, all while the account's row is locked: if storage
    /// or Redis fails, the transaction rolls back and the account (with what is left) waits for
    /// the next round, so nothing is ever stranded without the row that finds it.
    private func purge(userID: Int64, dueBy: Date?, deleteObject: @escaping DeleteObject) async throws -> Bool {
        let logger = logger
        let purged: Bool = try await client.transaction(logger: logger) { connection in
            // Locked until the end: another process skips it; a cancel waits, then finds no account.
            let claim: PostgresQuery
            if let dueBy {
                claim = "SELECT email FROM users WHERE id = \(userID) AND deletion_due_at <= \(dueBy) FOR UPDATE SKIP LOCKED"
            } else {
                claim = "SELECT email FROM users WHERE id = \(userID) FOR UPDATE"
            }
            var email: String?
            for try await found in try await connection.query(claim, logger: logger).decode(String.self) { email = found }
            guard let email else { return false }

            // What names the learner's things elsewhere: recordings (the keys AccountData lists),
            // answers and card sets (their job streams in Redis), tokens (their rate limits), and
            // every address the account has used (messages waiting in Redis may name them).
            var recordings: [String] = [], jobs: [UUID] = [], tokens: [Int64] = [], addresses: Set<String> = [email.lowercased()]
            let keyRows = try await connection.query("""
                SELECT audio_key FROM feedback_attempts WHERE user_id = \(userID) AND audio_key IS NOT NULL
                """, logger: logger)
            for try await key in keyRows.decode(String.self) { recordings.append(key) }
            let jobRows = try await connection.query("""
                SELECT id FROM feedback_attempts WHERE user_id = \(userID) UNION ALL SELECT id FROM card_generations WHERE user_id = \(userID)
                """, logger: logger)
            for try await id in jobRows.decode(UUID.self) { jobs.append(id) }
            let tokenRows = try await connection.query("SELECT id FROM access_tokens WHERE user_id = \(userID)", logger: logger)
            for try await id in tokenRows.decode(Int64.self) { tokens.append(id) }
            let addressRows = try await connection.query("""
                SELECT email FROM email_verifications WHERE user_id = \(userID)
                UNION SELECT old_email FROM email_changes WHERE user_id = \(userID) UNION SELECT new_email FROM email_changes WHERE user_id = \(userID)
                """, logger: logger)
            for try await address in addressRows.decode(String.self) { addresses.insert(address.lowercased()) }

            for key in recordings { try await deleteObject(key) }
            try await forget(userID: userID, email: email, addresses: addresses, jobs: jobs, tokens: tokens)

            // Other accounts' activity may name these addresses (an admin who changed their role): the
            // words go, the rows stay. Whole addresses only: bob@x.com is not inside jimbob@x.com.
            for address in addresses {
                let pattern = Self.wholeAddress(address)
                try await connection.query("""
                    UPDATE security_events SET detail = regexp_replace(detail, \(pattern), '\\1a deleted account', 'gi')
                    WHERE user_id <> \(userID) AND detail ~* \(pattern)
                    """, logger: logger)
            }
            // Mail to the address that no account row would cascade to.
            try await connection.query("""
                DELETE FROM mail_outbox WHERE user_id = \(userID) OR (user_id IS NULL AND lower(recipient) = \(email))
                """, logger: logger)
            // Everything else of theirs cascades from here (see Migrations/0019_account_deletion.sql).
            try await connection.query("DELETE FROM users WHERE id = \(userID)", logger: logger)
            return true
        }
        guard purged else { return false }
        // A sign-in between the clean-up above and the commit could have made a session.
        do { try await forgetSessions(userID: userID) } catch {
            logger.warning("a deleted account's sessions could not be ended again; they expire on their own",
                           metadata: ["user_id": "\(userID)", "error": "\(error)"])
        }
        logger.notice("audit: account deleted", metadata: ["user_id": "\(userID)"])
        return true
    }

    /// A PostgreSQL regular expression for `address` as a whole address in text (not the tail of a
    /// longer one); group 1 is the character before it.
    public static func wholeAddress(_ address: String) -> String {
        let escaped = address.map { "\\.^$|?*+()[]{}".contains($0) ? "\\\($0)" : String($0) }.joined()
        return "(^|[^a-z0-9._%+-])" + escaped + "(?![a-z0-9-]|\\.[a-z0-9])"
    }

    /// Whether `text` names `address` as a whole address.
    public static func names(_ text: String, _ address: String) -> Bool {
        var rest = text.lowercased()[...]
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._%+-")
        while let range = rest.range(of: address) {
            let before = range.lowerBound == rest.startIndex ? nil : rest[rest.index(before: range.lowerBound)]
            let after = rest[range.upperBound...].first
            let continues = after.map { $0.isLetter || $0.isNumber || $0 == "-" || ($0 == "." && rest[range.upperBound...].dropFirst().first.map { $0.isLetter || $0.isNumber } == true) } ?? false
            if !(before.map { allowed.contains($0) } ?? false), !continues { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}
