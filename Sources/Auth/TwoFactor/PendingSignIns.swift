import Crypto
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
        _ = try await redis.hashSet(key, [("user", String(userID)), ("remember", remember ? "1" : "0"), ("next", next), ("misses", "0")])
        _ = try await redis.expire(key, in: Self.lifetime)
        return token
    }

    public func find(_ token: String) async throws -> Pending? {
        let fields = try await redis.hashGetAll(Self.key(token))
        guard let user = fields["user"].flatMap(Int64.init) else { return nil }
        return Pending(userID: user, remember: fields["remember"] == "1", next: fields["next"] ?? "/account")
    }

    /// Counts a wrong code; true when the pending sign-in is used up (and gone).
    public func recordMiss(_ token: String) async throws -> Bool {
        let misses = try await redis.send(["HINCRBY", Self.key(token), "misses", "1"]).checked().int ?? Self.tries
        guard misses >= Self.tries else { return false }
        try await end(token)
        return true
    }

    public func end(_ token: String) async throws {
        _ = try await redis.delete(Self.key(token))
    }

    static func key(_ token: String) -> String {
        "signin:pending:" + SHA256.hash(data: Array(token.utf8)).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}
