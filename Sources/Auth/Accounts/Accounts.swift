import FoundationEssentials
import Logging
import Database
import PostgresNIO

/// Signing up, signing in and changing passwords: the rules, in one place the web layer calls.
public struct Accounts: Sendable {
    public let users: UserStore
    public let hasher: PasswordHasher
    public let throttle: SignInThrottle
    let logger: Logger
    let today: @Sendable () -> Date
    /// Tells an owner that their account is being guessed at (a mail, through the outbox).
    let guessingAlert: (@Sendable (User) async throws -> Void)?
    /// Where sign-ins, misses and password changes are recorded for the learner and admins.
    let log: SecurityLog?
    /// Accounts with two-step verification on finish signing in with a code (``finishSignIn(_:code:client:device:logger:)``).
    public let twoFactor: TwoFactor?

    public init(users: UserStore, hasher: PasswordHasher, throttle: SignInThrottle, logger: Logger,
                today: @escaping @Sendable () -> Date = { Date() }, guessingAlert: (@Sendable (User) async throws -> Void)? = nil,
                log: SecurityLog? = nil, twoFactor: TwoFactor? = nil) {
        self.users = users
        self.hasher = hasher
        self.throttle = throttle
        self.logger = logger
        self.today = today
        self.guessingAlert = guessingAlert
        self.log = log
        self.twoFactor = twoFactor
    }

    /// Creates a learner account; ``AccountError/invalidFields(_:)`` lists every problem at once.
    /// `alongside` runs in the same transaction (the verification link and its mail): both are
    /// stored, or neither.
    public func signUp(_ form: SignUpForm, logger: Logger? = nil,
                       alongside: (@Sendable (User, PostgresConnection) async throws -> Void)? = nil) async throws -> User {
        let logger = logger ?? self.logger
        let valid = try form.validated(today: Calendar.startOfDay(today()))
        let hash = try await hasher.hash(form.password)
        let users = users
        let user = try await users.client.transaction(logger: logger) { connection in
            let user = try await users.create(email: valid.email, displayName: valid.name, passwordHash: hash,
                                              targetBand: valid.band, examDate: valid.exam, on: connection, logger: logger)
            try await alongside?(user, connection)
            return user
        }
        logger.notice("audit: account created", metadata: ["user_id": "\(user.id)"])
        return user
    }

    /// The account for `email` and `password`, or ``AccountError/wrongCredentials`` (the same error,
    /// after the same bcrypt work, whether or not the email exists) or ``AccountError/throttled(retryAfterSeconds:)``
    /// (this client, for this account or for too many misses: the owner elsewhere is never locked out).
    /// An account with two-step verification on is not signed in yet: ``SignInStep/secondStepNeeded(_:)``.
    public func signIn(email: String, password: String, client: String, device: String = "", logger: Logger? = nil) async throws -> SignInStep {
        let logger = logger ?? self.logger
        let normalised = email.trimmingWhitespace.lowercased()
        try await throttle.check(email: normalised, client: client)
        let found = (try? EmailAddress(email)).map { address in { try await users.credentials(email: address) } }
        let credentials = try await found?()
        let matches = try await hasher.verify(password, against: credentials?.passwordHash ?? Self.decoyHash)
        guard let credentials, matches else {
            let alert = try await throttle.recordFailure(email: normalised, client: client)
            logger.notice("audit: sign-in failed", metadata: ["known_account": "\(credentials != nil)", "client": "\(client)"])
            if let owner = credentials?.user {
                // After the answer, so a miss at a real account takes no longer than at an unknown one.
                let log = log
                Task { await log?.record(.signInFailed, userID: owner.id, client: client, device: device) }
                if alert { tellOwner(owner, logger: logger) }
            }
            throw AccountError.wrongCredentials
        }
        if let twoFactor, try await twoFactor.isOn(userID: credentials.user.id) {
            logger.notice("audit: password accepted, second step asked", metadata: ["user_id": "\(credentials.user.id)", "client": "\(client)"])
            return .secondStepNeeded(credentials.user)
        }
        try await signedIn(credentials.user, email: normalised, client: client, device: device, detail: "", logger: logger)
        return .signedIn(credentials.user)
    }

    /// The second step after the right password: a code from the app (each used once) or a recovery
    /// code. A wrong code counts as a miss for this account and client, like a wrong password.
    public func finishSignIn(_ user: User, code: String, client: String, device: String = "", logger: Logger? = nil) async throws -> TwoFactor.Proof {
        let logger = logger ?? self.logger
        guard let twoFactor else { throw AccountError.wrongCredentials }
        try await throttle.check(email: user.email, client: client)
        let attempt = try await throttle.secondStepAttempt(userID: user.id)
        if attempt.alert { tellOwner(user, logger: logger) }
        guard attempt.allowed else { throw AccountError.throttled(retryAfterSeconds: attempt.retryAfter) }
        guard let proof = try await twoFactor.verify(userID: user.id, code: code) else {
            if try await throttle.recordFailure(email: user.email, client: client) { tellOwner(user, logger: logger) }
            await log?.record(.twoFactorFailed, userID: user.id, client: client, device: device)
            logger.notice("audit: second step failed", metadata: ["user_id": "\(user.id)", "client": "\(client)"])
            throw AccountError.wrongCode
        }
        try await throttle.clearSecondStep(userID: user.id)
        try await signedIn(user, email: user.email, client: client, device: device,
                           detail: proof == .recoveryCode ? "with a recovery code" : "with an authenticator code", logger: logger)
        return proof
    }

    /// A sign-in by another way (Google) that needs no second step: recorded like one with the password.
    public func recordSignIn(_ user: User, client: String, device: String, detail: String) async throws {
        try await signedIn(user, email: user.email, client: client, device: device, detail: detail, logger: logger)
    }

    /// Mails the owner that their account is being guessed at (after the answer: no timing to read).
    private func tellOwner(_ user: User, logger: Logger) {
        guard let guessingAlert else { return }
        Task {
            do {
                try await guessingAlert(user)
                logger.notice("audit: owner told of guessing", metadata: ["user_id": "\(user.id)"])
            } catch {
                logger.error("the owner could not be told of guessing", metadata: ["user_id": "\(user.id)", "error": "\(error)"])
            }
        }
    }

    private func signedIn(_ user: User, email: String, client: String, device: String, detail: String, logger: Logger) async throws {
        try await throttle.recordSuccess(email: email, client: client)
        try await users.recordSignIn(id: user.id)
        await log?.record(.signedIn, userID: user.id, client: client, device: device, detail: detail)
        logger.notice("audit: signed in", metadata: ["user_id": "\(user.id)", "client": "\(client)"])
    }

    /// Checks the current password, applies the policy to the new one and stores it.
    public func changePassword(user: User, current: String, new: String, client: String = "", device: String = "", logger: Logger? = nil) async throws {
        let logger = logger ?? self.logger
        guard let hash = try await users.passwordHash(id: user.id), try await hasher.verify(current, against: hash) else {
            throw AccountError.invalid(field: "currentPassword", message: "That is not your current password.")
        }
        if let problem = PasswordPolicy.problem(password: new, email: user.email) {
            throw AccountError.invalid(field: "newPassword", message: problem)
        }
        try await users.setPassword(id: user.id, hash: try await hasher.hash(new))
        // A change of address asked for with the old password must not go through after it.
        try await users.client.query("UPDATE email_changes SET used_at = now() WHERE user_id = \(user.id) AND kind = 'confirm' AND used_at IS NULL")
        await log?.record(.passwordChanged, userID: user.id, client: client, device: device)
        logger.notice("audit: password changed", metadata: ["user_id": "\(user.id)"])
    }

    /// A bcrypt hash (cost 12) of 24 random bytes that were thrown away: unknown emails are verified
    /// against it so that they cost the same time as known ones.
    static let decoyHash = "$2b$12$PNUfwzuvh34D0KmDLfNSm.xjYYfygn/..LHnrowpA3OLqmU3pqH12"
}

/// Where a sign-in stands after the password.
public enum SignInStep: Sendable, Equatable {
    case signedIn(User)
    /// The password was right; the account asks for a code before a session starts.
    case secondStepNeeded(User)

    public var user: User {
        switch self { case .signedIn(let user), .secondStepNeeded(let user): user }
    }
}

extension Calendar {
    /// Midnight UTC of `date`'s day.
    static func startOfDay(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86400).rounded(.down) * 86400)
    }
}
