import FoundationEssentials
import Redis

/// Limits failed sign-ins per account and per client address, counted in Redis over fixed windows
/// so every instance sees the same counts.
public struct SignInThrottle: Sendable {
    public struct Limits: Sendable, Equatable {
        public var perAccount: Int
        public var perClient: Int
        public var window: Duration

        public init(perAccount: Int = 5, perClient: Int = 50, window: Duration = .seconds(15 * 60)) {
            self.perAccount = perAccount
            self.perClient = perClient
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

    /// Throws ``AccountError/throttled(retryAfterSeconds:)`` when either limit is used up.
    public func check(email: String, client: String) async throws {
        let (account, address, retry) = keys(email: email, client: client)
        let counts = try await redis.pipeline([["GET", account], ["GET", address]]).map { try $0.checked().string.flatMap(Int.init) ?? 0 }
        if counts[0] >= limits.perAccount || counts[1] >= limits.perClient {
            throw AccountError.throttled(retryAfterSeconds: retry)
        }
    }

    /// Counts a failed attempt against the account and the client.
    public func recordFailure(email: String, client: String) async throws {
        let (account, address, _) = keys(email: email, client: client)
        let seconds = String(Int(limits.window.components.seconds) + 1)
        _ = try await redis.pipeline([["INCR", account], ["EXPIRE", account, seconds], ["INCR", address], ["EXPIRE", address, seconds]])
            .map { try $0.checked() }
    }

    /// A successful sign-in clears the account's count (the client's stays: it may be guessing many accounts).
    public func recordSuccess(email: String) async throws {
        _ = try await redis.send(["DEL", keys(email: email, client: "").account]).checked()
    }

    private func keys(email: String, client: String) -> (account: String, address: String, retryAfter: Int) {
        let window = max(1, Int(limits.window.components.seconds))
        let seconds = Int(now().timeIntervalSince1970)
        let slot = seconds / window
        return ("signin-fail:account:\(email.lowercased()):\(slot)", "signin-fail:client:\(client):\(slot)", window - seconds % window)
    }
}
