import FoundationEssentials
import Redis

/// Sign-ins waiting for their second step, in Redis for five minutes: the browser holds a random
/// token (cookie), Redis its SHA-256 with the account, "keep me signed in" and where to go next.
/// Five wrong codes end one (the password is asked again).
public struct PendingSignIns: Sendable {
    public struct Pending: Sendable, Equatable {
        public let userID: Int64
        public let remember: Bool
        public let next: String
    }

    let redis: RedisClient
    public static let lifetime: Duration = .seconds(300)
    public static let tries = 5

    public init(redis: RedisClient) { self.redis = redis }

    /// A new pending sign-in; returns the token for the browser.
    public func start(userID: Int64, remember: Bool, next: String) async throws -> String {
        let token = MailedLink.newToken()
        let key = Self.key(token)
        // In one transaction: a pending sign-in never exists without its expiry.
        _ = try await redis.pipeline([
            ["MULTI"],
            ["HSET", key, "user", String(userID), "remember", remember ? "1" : "0", "next", next, "attempts", "0"],
            ["PEXPIRE", key, String(Self.lifetime.redisMilliseconds)],
            ["EXEC"],
        ]).map { try $0.checked() }
        return token
    }

    public func find(_ token: String) async throws -> Pending? {
        let fields = try await redis.hashGetAll(Self.key(token))
        guard let user = fields["user"].flatMap(Int64.init) else { return nil }
        return Pending(userID: user, remember: fields["remember"] == "1", next: fields["next"] ?? "/account")
    }

    /// Counts an attempt at a code before it is checked (so parallel guesses cannot slip past the
    /// limit): its number, 1 to ``tries``; nil when the sign-in is gone or used up (then it is ended).
    public func useAttempt(_ token: String) async throws -> Int? {
        let script = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
            local n = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
            if n > tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]) return -1 end
            return n
            """
        let number = try await redis.send(["EVAL", script, "1", Self.key(token), String(Self.tries)]).checked().int ?? -1
        return number > 0 ? number : nil
    }

    public func end(_ token: String) async throws {
        _ = try await redis.delete(Self.key(token))
    }

    static func key(_ token: String) -> String {
        "signin:pending:" + SessionStore.handle(token)
    }
}
