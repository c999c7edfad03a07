import FoundationEssentials
import Logging
import Database
import Mail
import PostgresNIO
import Redis

/// Forgotten passwords: a link with a single-use token (256 random bits, only its SHA-256 kept,
/// 30 minutes) mailed through the outbox in the same transaction that stores it. Asking never
/// tells whether an address has an account: the same answer, and the account's work done after
/// the answer is given.
public struct PasswordResets: Sendable {
    public struct Limits: Sendable, Equatable {
        /// Links mailed to one address per window (more asks are quietly dropped).
        public var perAddress: Int
        /// Asks from one client address per window (more are refused with 429).
        public var perClient: Int
        public var window: Duration

        public init(perAddress: Int = 3, perClient: Int = 20, window: Duration = .seconds(3600)) {
            self.perAddress = perAddress
            self.perClient = perClient
            self.window = window
        }
    }

    /// Writes a mail to `user` (the reset link holds `token`; the notice has none).
    public typealias Compose = @Sendable (_ user: User, _ token: String) throws -> MailMessage

    let client: PostgresClient
    let redis: RedisClient
    let users: UserStore
    let hasher: PasswordHasher
    let outbox: MailOutbox
    let sessions: SessionStore
    public let limits: Limits
    let logger: Logger
    let log: SecurityLog?
    public static let lifetime: Duration = .seconds(30 * 60)

    public init(client: PostgresClient, redis: RedisClient, users: UserStore, hasher: PasswordHasher, outbox: MailOutbox,
                sessions: SessionStore, limits: Limits = Limits(), logger: Logger, log: SecurityLog? = nil) {
        self.client = client
        self.redis = redis
        self.users = users
        self.hasher = hasher
        self.outbox = outbox
        self.sessions = sessions
        self.limits = limits
        self.logger = logger
        self.log = log
    }

    /// Asks for a link to `email`. Throws ``AccountError/throttled(retryAfterSeconds:)`` when the
    /// client has asked too often; otherwise returns at once, whether or not the address has an
    /// account, and the link (if any) is stored and queued in the background.
    public func request(email: String, client address: String, compose: @escaping Compose) async throws {
        let normalised = email.trimmingWhitespace.lowercased()
        let window = max(1, Int(limits.window.components.seconds))
        let slot = Int(Date().timeIntervalSince1970) / window
        let keys = ["reset:client:\(address):\(slot)", "reset:address:\(normalised):\(slot)"]
        let counts = try await redis.pipeline(keys.flatMap { [["INCR", $0], ["EXPIRE", $0, String(window + 1)]] })
            .map { try $0.checked() }.enumerated().filter { $0.offset % 2 == 0 }.map { $0.element.int ?? 0 }
        if counts[0] > limits.perClient { throw AccountError.throttled(retryAfterSeconds: window - Int(Date().timeIntervalSince1970) % window) }
        guard counts[1] <= limits.perAddress, let valid = try? EmailAddress(normalised) else {
            logger.notice("audit: password reset not sent (too many for this address, or not an address)")
            return
        }
        let logger = logger
        Task.detached {
            do { try await self.issue(to: valid, compose: compose) } catch {
                logger.error("a password reset link could not be stored", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Stores a token for the account at `email` (if there is one) and queues its mail, together.
    func issue(to email: EmailAddress, compose: Compose) async throws {
        guard let user = try await users.find(email: email) else {
            logger.notice("audit: password reset asked for an address with no account")
            return
        }
        let token = MailedLink.newToken()
        let message = try compose(user, token)
        let seconds = Int(Self.lifetime.components.seconds)
        try await client.transaction(logger: logger) { connection in
            try await connection.query("""
                INSERT INTO password_resets (token_hash, user_id, expires_at)
                VALUES (\(MailedLink.hash(token)), \(user.id), now() + make_interval(secs => \(seconds)))
                """, logger: logger)
            try await outbox.enqueue(message, kind: "password-reset", userID: user.id, on: connection, logger: logger)
        }
        logger.notice("audit: password reset link sent", metadata: ["user_id": "\(user.id)"])
    }

    /// The account a link is for, while the link is unused and unexpired.
    public func account(token: String) async throws -> User? {
        let rows = try await client.query("""
            SELECT user_id FROM password_resets WHERE token_hash = \(MailedLink.hash(token)) AND used_at IS NULL AND expires_at > now()
            """)
        for try await id in rows.decode(Int64.self) { return try await users.find(id: id) }
        return nil
    }

    /// Sets a new password through the link: the link and every other open link of the account
    /// are used up, every session ends, no client waits at the sign-in any more, and
    /// `notice` is mailed. ``AccountError/invalid(field:message:)`` for a spent link (`token`) or
    /// a weak password (`password`).
    @discardableResult
    public func reset(token: String, password: String, notice: @escaping Compose, throttle: SignInThrottle,
                      client address: String = "", device: String = "") async throws -> User {
        guard let user = try await account(token: token) else { throw Self.spent }
        if let problem = PasswordPolicy.problem(password: password, email: user.email) {
            throw AccountError.invalid(field: "password", message: problem)
        }
        let hash = try await hasher.hash(password)
        let message = try notice(user, "")
        let used = try await client.transaction(logger: logger) { connection -> Bool in
            let claimed = try await connection.query("""
                UPDATE password_resets SET used_at = now()
                WHERE token_hash = \(MailedLink.hash(token)) AND user_id = \(user.id) AND used_at IS NULL AND expires_at > now()
                RETURNING user_id
                """, logger: logger)
            var found = false
            for try await _ in claimed.decode(Int64.self) { found = true }
            guard found else { return false }
            // A reset says the owner lost control: a linked Google account (perhaps someone else's) is unlinked too.
            try await connection.query("UPDATE users SET password_hash = \(hash), password_changed_at = now(), google_subject = NULL WHERE id = \(user.id)",
                                       logger: logger)
            try await connection.query("UPDATE password_resets SET used_at = now() WHERE user_id = \(user.id) AND used_at IS NULL", logger: logger)
            // A change of address asked for with the old password must not go through after it.
            try await connection.query("""
                UPDATE email_changes SET used_at = now() WHERE user_id = \(user.id) AND kind = 'confirm' AND used_at IS NULL
                """, logger: logger)
            try await outbox.enqueue(message, kind: "password-changed", userID: user.id, on: connection, logger: logger)
            return true
        }
        guard used else { throw Self.spent }
        try await sessions.endAll(userID: user.id)
        try await throttle.clearAccount(email: user.email)
        await log?.record(.passwordReset, userID: user.id, client: address, device: device)
        logger.notice("audit: password reset", metadata: ["user_id": "\(user.id)"])
        return user
    }

    static let spent = AccountError.invalid(field: "token", message: "This link has expired or has already been used. Ask for a new one below.")
}
