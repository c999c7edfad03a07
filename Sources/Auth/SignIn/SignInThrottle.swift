import FoundationEssentials
import Redis

/// Limits failed sign-ins without letting a stranger lock the owner out: guesses at one account
/// are counted per client, and that client alone waits, longer after each further miss (a minute,
/// two, four, … at most an hour); one client guessing many accounts is limited too. Guesses at
/// one account from anywhere never lock it: past ``Limits/alertAfter`` in a window the owner is
/// told by mail instead (``recordFailure(email:client:)`` says when). Counted in Redis, so every
/// instance sees the same counts.
public struct SignInThrottle: Sendable {
    public struct Limits: Sendable, Equatable {
        /// Misses at one account from one client before that client waits.
        public var perAccountAndClient: Int
        /// Misses from one client, at any accounts, per window.
        public var perClient: Int
        /// Misses at one account, from anywhere, per window, after which its owner is told.
        public var alertAfter: Int
        public var window: Duration

        public init(perAccountAndClient: Int = 5, perClient: Int = 50, alertAfter: Int = 10, window: Duration = .seconds(15 * 60)) {
            self.perAccountAndClient = perAccountAndClient
            self.perClient = perClient
            self.alertAfter = alertAfter
            self.window = window
        }
    }

    let redis: RedisClient
    public let limits: Limits
    let now: @Sendable () -> Date

    public init(redis: RedisClient, limits: Limits = Limits(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.redis = redis
        self.limits = limits
        self.now = now
    }

    /// The first wait, doubled after each further miss, and the longest.
    static let firstWait = 60, longestWait = 3600

    /// Throws ``AccountError/throttled(retryAfterSeconds:)`` while this client waits for this
    /// account, or has missed too often this window.
    public func check(email: String, client: String) async throws {
        let keys = keys(email: email, client: client)
        let values = try await redis.pipeline([["GET", keys.lock], ["GET", keys.client]]).map { try $0.checked().string }
        let seconds = Int(now().timeIntervalSince1970)
        if let until = values[0].flatMap(Int.init), until > seconds { throw AccountError.throttled(retryAfterSeconds: until - seconds) }
        if (values[1].flatMap(Int.init) ?? 0) >= limits.perClient { throw AccountError.throttled(retryAfterSeconds: keys.windowLeft) }
    }

    /// Counts a miss; true when it is the one that makes the account's misses this window reach
    /// ``Limits/alertAfter`` (tell the owner, once a window).
    @discardableResult
    public func recordFailure(email: String, client: String) async throws -> Bool {
        let keys = keys(email: email, client: client)
        let window = String(Int(limits.window.components.seconds) + 1)
        let replies = try await redis.pipeline([
            ["INCR", keys.strikes], ["EXPIRE", keys.strikes, "86400"], ["INCR", keys.client], ["EXPIRE", keys.client, window],
            ["INCR", keys.account], ["EXPIRE", keys.account, window],
            ["SADD", keys.clients, client], ["EXPIRE", keys.clients, "86400"],
        ]).map { try $0.checked() }
        let strikes = replies[0].int ?? 0
        if strikes >= limits.perAccountAndClient {
            let wait = min(Self.longestWait, Self.firstWait << min(strikes - limits.perAccountAndClient, 12))
            let until = Int(now().timeIntervalSince1970) + wait
            _ = try await redis.send(["SET", keys.lock, String(until), "EX", String(wait + 60)]).checked()
        }
        return replies[4].int == limits.alertAfter
    }

    /// A sign-in that worked clears this client's misses at the account (other clients' stay).
    public func recordSuccess(email: String, client: String) async throws {
        let keys = keys(email: email, client: client)
        _ = try await redis.send(["DEL", keys.strikes, keys.lock]).checked()
    }

    /// Two-step codes tried at one account in a window, from any client: each attempt is counted
    /// before the code is checked (parallel guesses cannot slip past), and past ``secondStepLimit``
    /// no code is checked until the window ends. `alert` is true once, on the first refused
    /// attempt: the password is known, so the owner must hear of it.
    public func secondStepAttempt(userID: Int64) async throws -> (allowed: Bool, retryAfter: Int, alert: Bool) {
        let key = "signin-codes:\(userID)", window = String(Int(limits.window.components.seconds))
        let replies = try await redis.pipeline([["SET", key, "0", "EX", window, "NX"], ["INCR", key], ["TTL", key]]).map { try $0.checked() }
        let count = replies[1].int ?? Int.max, retry = max(1, replies[2].int ?? 60)
        return (count <= Self.secondStepLimit, retry, count == Self.secondStepLimit + 1)
    }

    /// Codes at one account per window (a 6-digit code with a window of three steps: 10 tries give a guesser 1 in 33,000).
    public static let secondStepLimit = 10

    /// After the right code: the account's count starts again.
    public func clearSecondStep(userID: Int64) async throws {
        _ = try await redis.send(["DEL", "signin-codes:\(userID)"]).checked()
    }

    /// After a password reset through a mailed link: no client waits for this account any more.
    public func clearAccount(email: String) async throws {
        let clients = keys(email: email, client: "").clients
        let guessers = (try await redis.send(["SMEMBERS", clients]).checked().array ?? []).compactMap(\.string)
        let doomed = guessers.flatMap { client in [keys(email: email, client: client).strikes, keys(email: email, client: client).lock] }
        _ = try await redis.send(["DEL", clients] + doomed).checked()
    }

    private func keys(email: String, client: String)
        -> (strikes: String, lock: String, client: String, account: String, clients: String, windowLeft: Int) {
        let window = max(1, Int(limits.window.components.seconds))
        let seconds = Int(now().timeIntervalSince1970)
        let slot = seconds / window, email = email.lowercased()
        return ("signin-strikes:\(email):\(client)", "signin-lock:\(email):\(client)", "signin-fail:client:\(client):\(slot)",
                "signin-fail:account:\(email):\(slot)", "signin-guessers:\(email)", window - seconds % window)
    }
}
