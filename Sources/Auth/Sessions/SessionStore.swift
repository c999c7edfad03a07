import Crypto
import FoundationEssentials
import Redis

/// Sessions in Redis, so every instance behind the load balancer sees them.
///
/// `session:<handle>` is a hash (user, created, seen, remember, agent, csrf) that expires after the
/// idle timeout (or at the absolute lifetime, whichever is first); `user-sessions:<user id>` is the
/// set of a user's handles, for listing them and ending them all.
public struct SessionStore: Sendable {
    let redis: RedisClient
    public let lifetimes: SessionLifetimes
    /// The current time (tests move it).
    let now: @Sendable () -> Date

    public init(redis: RedisClient, lifetimes: SessionLifetimes = SessionLifetimes(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.redis = redis
        self.lifetimes = lifetimes
        self.now = now
    }

    /// Starts a new session (always a new id: signing in never reuses one).
    /// `secondStep`: the sign-in passed two-step verification (staff need such a session).
    public func create(userID: Int64, userAgent: String, remember: Bool, secondStep: Bool = false) async throws -> Session {
        let id = Self.randomToken()
        let time = now()
        let session = Session(id: id, handle: Self.handle(id), userID: userID, createdAt: time, lastSeenAt: time,
                              remember: remember, userAgent: String(userAgent.prefix(300)), csrfToken: Self.randomToken(), secondStep: secondStep)
        let key = Self.key(session.handle)
        _ = try await redis.pipeline([
            ["HSET", key, "user", String(userID), "created", Self.stamp(time), "seen", Self.stamp(time),
             "remember", remember ? "1" : "0", "agent", session.userAgent, "csrf", session.csrfToken, "second", secondStep ? "1" : "0"],
            ["PEXPIRE", key, String(expiry(of: session).redisMilliseconds)],
            ["SADD", Self.index(userID), session.handle],
            ["PEXPIRE", Self.index(userID), String(lifetimes.absolute.redisMilliseconds)],
        ]).map { try $0.checked() }
        return session
    }

    /// The live session for a cookie's id, or nil when it never existed, ended or expired.
    /// Records activity (at most once per touch interval).
    public func session(id: String) async throws -> Session? {
        try await session(id: id, alongside: []).session
    }

    /// The session `id` opens, read in the same Redis round trip as `commands` (a page's rate
    /// limit, say), whose replies come back in order.
    public func session(id: String, alongside commands: [[String]]) async throws -> (session: Session?, replies: [RESPValue]) {
        guard id.utf8.count == 43 else { return (nil, try await redis.pipeline(commands)) }
        let handle = Self.handle(id)
        var replies = try await redis.pipeline(commands + [["HGETALL", Self.key(handle)]])
        guard var session = Self.session(try RedisClient.pairs(try replies.removeLast().checked()), handle: handle, id: id) else { return (nil, replies) }
        let time = now()
        let idle = session.remember ? lifetimes.rememberedIdle : lifetimes.idle
        if Self.duration(from: session.createdAt, to: time) >= lifetimes.absolute || Self.duration(from: session.lastSeenAt, to: time) >= idle {
            try await end(handle: handle, userID: session.userID)
            return (nil, replies)
        }
        if Self.duration(from: session.lastSeenAt, to: time) >= lifetimes.touchInterval {
            session.lastSeenAt = time
            let key = Self.key(handle)
            _ = try await redis.pipeline([["HSET", key, "seen", Self.stamp(time)],
                                          ["PEXPIRE", key, String(expiry(of: session).redisMilliseconds)]]).map { try $0.checked() }
        }
        return (session, replies)
    }

    /// The user's live sessions, most recently used first.
    public func sessions(userID: Int64) async throws -> [Session] {
        let handles = try await redis.send(["SMEMBERS", Self.index(userID)]).checked()
        var sessions: [Session] = []
        for handle in handles.array?.compactMap(\.string) ?? [] {
            if let session = try await load(handle: handle, id: ""), session.userID == userID {
                sessions.append(session)
            } else {
                _ = try await redis.send(["SREM", Self.index(userID), handle])
            }
        }
        return sessions.sorted { $0.lastSeenAt > $1.lastSeenAt }
    }

    /// Ends one session of `userID` (deleting it in Redis, not only the cookie); a handle of
    /// someone else's session ends nothing.
    public func end(handle: String, userID: Int64) async throws {
        guard try await redis.hashGet(Self.key(handle), field: "user") == String(userID) else {
            _ = try await redis.send(["SREM", Self.index(userID), handle]).checked()
            return
        }
        _ = try await redis.pipeline([["DEL", Self.key(handle)], ["SREM", Self.index(userID), handle]]).map { try $0.checked() }
    }

    /// Marks a live session as having passed two-step verification (its owner just set it up in it).
    public func markSecondStep(handle: String, userID: Int64) async throws {
        guard try await redis.hashGet(Self.key(handle), field: "user") == String(userID) else { return }
        _ = try await redis.send(["HSET", Self.key(handle), "second", "1"]).checked()
    }

    /// Ends every session of `userID` except `keeping` (a handle): "sign out everywhere", password change.
    public func endAll(userID: Int64, keeping: String? = nil) async throws {
        let handles = try await redis.send(["SMEMBERS", Self.index(userID)]).checked().array?.compactMap(\.string) ?? []
        let ending = handles.filter { $0 != keeping }
        guard !ending.isEmpty else { return }
        _ = try await redis.pipeline(ending.map { ["DEL", Self.key($0)] } + [["SREM", Self.index(userID)] + ending]).map { try $0.checked() }
    }

    private func load(handle: String, id: String) async throws -> Session? {
        Self.session(try await redis.hashGetAll(Self.key(handle)), handle: handle, id: id)
    }

    private static func session(_ fields: [String: String], handle: String, id: String) -> Session? {
        guard let user = fields["user"].flatMap(Int64.init), let created = fields["created"].flatMap(Self.date),
              let seen = fields["seen"].flatMap(Self.date), let csrf = fields["csrf"] else { return nil }
        return Session(id: id, handle: handle, userID: user, createdAt: created, lastSeenAt: seen, remember: fields["remember"] == "1",
                       userAgent: fields["agent"] ?? "", csrfToken: csrf, secondStep: fields["second"] == "1")
    }

    /// How long Redis keeps the session from now: the idle timeout, cut at the absolute lifetime.
    private func expiry(of session: Session) -> Duration {
        let idle = session.remember ? lifetimes.rememberedIdle : lifetimes.idle
        let remaining = lifetimes.absolute - Self.duration(from: session.createdAt, to: now())
        return max(.milliseconds(1), min(idle, remaining))
    }

    // MARK: Encoding

    /// 256 random bits, base64url without padding (43 characters).
    public static func randomToken() -> String {
        RandomToken.make()
    }

    /// The SHA-256 of a secret token, hex: how Redis names what the token opens without keeping it.
    public static func handle(_ id: String) -> String {
        SHA256.hash(data: Data(id.utf8)).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    static func key(_ handle: String) -> String { "session:\(handle)" }
    static func index(_ userID: Int64) -> String { "user-sessions:\(userID)" }
    static func stamp(_ date: Date) -> String { String(Int64((date.timeIntervalSince1970 * 1000).rounded())) }
    static func date(_ stamp: String) -> Date? { Int64(stamp).map { Date(timeIntervalSince1970: Double($0) / 1000) } }
    static func duration(from start: Date, to end: Date) -> Duration { .milliseconds(Int64(((end.timeIntervalSince1970 - start.timeIntervalSince1970) * 1000).rounded())) }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
