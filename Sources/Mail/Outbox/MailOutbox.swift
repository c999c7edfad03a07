import FoundationEssentials
import PostgresNIO

/// Mail waiting to go out, in PostgreSQL (`mail_outbox`). A message is written in the same
/// transaction as what caused it (``enqueue(_:kind:userID:on:)``); senders take due messages
/// with `FOR UPDATE SKIP LOCKED`, so any number of instances share the work and none is sent twice
/// at once. Every statement is parameterised.
public struct MailOutbox: Sendable {
    let client: PostgresClient
    /// Tries before a message is dead (kept, shown to admins, sent again only by hand).
    public let maxAttempts: Int
    /// The wait after the first failure, in seconds; it doubles after each (at most an hour).
    public let firstRetrySeconds: Int

    public init(client: PostgresClient, maxAttempts: Int = 8, firstRetrySeconds: Int = 30) {
        self.client = client
        self.maxAttempts = maxAttempts
        self.firstRetrySeconds = firstRetrySeconds
    }

    private static let columns = """
        id, kind, recipient, subject, text_body, html_body, user_id, created_at, attempts, next_attempt_at, sent_at, dead_at, last_error
        """

    /// Stores `message` inside the caller's transaction.
    public func enqueue(_ message: MailMessage, kind: String, userID: Int64?, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO mail_outbox (kind, recipient, subject, text_body, html_body, user_id)
            VALUES (\(kind), \(message.to), \(message.subject), \(message.text), \(message.html), \(userID))
            """, logger: logger)
    }

    /// Stores `message` on its own.
    public func enqueue(_ message: MailMessage, kind: String, userID: Int64?) async throws {
        try await client.query("""
            INSERT INTO mail_outbox (kind, recipient, subject, text_body, html_body, user_id)
            VALUES (\(kind), \(message.to), \(message.subject), \(message.text), \(message.html), \(userID))
            """)
    }

    /// Takes up to `limit` due messages for `lease` (counting the attempt); another sender takes
    /// them again only after the lease, should this one die mid-way.
    public func claim(limit: Int, lease: Duration = .seconds(120)) async throws -> [OutboxMail] {
        let seconds = Int(lease.components.seconds)
        return try await Self.mails(client.query("""
            UPDATE mail_outbox SET attempts = attempts + 1, claimed_until = now() + make_interval(secs => \(seconds))
            WHERE id IN (SELECT id FROM mail_outbox
                         WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now()
                           AND (claimed_until IS NULL OR claimed_until < now())
                         ORDER BY next_attempt_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.columns)
            """))
    }

    /// Marks a message sent and forgets its words: they may hold a live link, and nothing needs them
    /// once the server has them (the subject, recipient and times stay for the admins' page).
    public func markSent(id: Int64) async throws {
        try await client.query("""
            UPDATE mail_outbox SET sent_at = now(), claimed_until = NULL, last_error = NULL, text_body = '', html_body = '' WHERE id = \(id)
            """)
    }

    /// Records a failed attempt: tried again after a growing delay, or dead when the error is
    /// permanent or the attempts are spent. Returns whether the message is now dead.
    @discardableResult
    public func markFailed(_ mail: OutboxMail, error: MailError) async throws -> Bool {
        let dead: Bool
        if case .permanent = error { dead = true } else { dead = mail.attempts >= maxAttempts }
        let delay = Self.delay(afterAttempt: mail.attempts, first: firstRetrySeconds)
        try await client.query("""
            UPDATE mail_outbox SET claimed_until = NULL, last_error = \(String(error.description.prefix(500))),
                next_attempt_at = now() + make_interval(secs => \(delay)),
                dead_at = CASE WHEN \(dead) THEN now() END
            WHERE id = \(mail.id)
            """)
        return dead
    }

    /// `first` seconds after the first failure, doubling, at most an hour.
    public static func delay(afterAttempt attempt: Int, first: Int = 30) -> Int {
        min(3600, first << min(max(attempt - 1, 0), 12))
    }

    /// A dead message goes back in the queue with its attempts reset (an admin's "send again").
    public func retry(id: Int64) async throws {
        try await client.query("""
            UPDATE mail_outbox SET dead_at = NULL, attempts = 0, next_attempt_at = now(), claimed_until = NULL
            WHERE id = \(id) AND sent_at IS NULL
            """)
    }

    /// The newest messages first.
    public func recent(limit: Int = 50) async throws -> [OutboxMail] {
        try await Self.mails(client.query("SELECT \(unescaped: Self.columns) FROM mail_outbox ORDER BY created_at DESC, id DESC LIMIT \(limit)"))
    }

    public func find(id: Int64) async throws -> OutboxMail? {
        try await Self.mails(client.query("SELECT \(unescaped: Self.columns) FROM mail_outbox WHERE id = \(id)")).first
    }

    /// How many messages wait, went out in the last day, and are dead.
    public func counts() async throws -> (waiting: Int, sentToday: Int, dead: Int) {
        let rows = try await client.query("""
            SELECT count(*) FILTER (WHERE sent_at IS NULL AND dead_at IS NULL),
                   count(*) FILTER (WHERE sent_at > now() - interval '1 day'),
                   count(*) FILTER (WHERE dead_at IS NOT NULL)
            FROM mail_outbox
            """)
        for try await (waiting, sent, dead) in rows.decode((Int, Int, Int).self) { return (waiting, sent, dead) }
        return (0, 0, 0)
    }

    private static func mails(_ rows: PostgresRowSequence) async throws -> [OutboxMail] {
        var mails: [OutboxMail] = []
        for try await (id, kind, to, subject, text, html, user, created, attempts, next, sent, dead, error) in
            rows.decode((Int64, String, String, String, String, String, Int64?, Date, Int, Date, Date?, Date?, String?).self) {
            mails.append(OutboxMail(id: id, kind: kind, message: MailMessage(to: to, subject: subject, text: text, html: html), userID: user,
                                    createdAt: created, attempts: attempts, nextAttemptAt: next, sentAt: sent, deadAt: dead, lastError: error))
        }
        return mails
    }
}

/// A message in the outbox and how its sending went.
public struct OutboxMail: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var message: MailMessage
    public var userID: Int64?
    public var createdAt: Date
    public var attempts: Int
    public var nextAttemptAt: Date
    public var sentAt: Date?
    public var deadAt: Date?
    public var lastError: String?

    /// `sent`, `dead` or `waiting`.
    public var status: String { sentAt != nil ? "sent" : deadAt != nil ? "dead" : "waiting" }
}
