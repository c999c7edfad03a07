import FoundationEssentials
import Redis
import Synchronization
import TestSupport
import Testing
@testable import Auth

/// Sessions on a real Redis, with a clock the tests move.
@Suite struct SessionStoreTests {
    final class TestClock: Sendable {
        let time = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
        func advance(_ duration: Duration) { time.withLock { $0 += Double(duration.components.seconds) } }
        var now: Date { time.withLock { $0 } }
    }

    static func withStore(_ body: @escaping @Sendable (SessionStore, TestClock, RedisClient) async throws -> Void) async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: server.configuration)
        defer { redis.close() }
        let clock = TestClock()
        let store = SessionStore(redis: redis, lifetimes: SessionLifetimes(idle: .seconds(7200), rememberedIdle: .seconds(30 * 86400),
                                                                          absolute: .seconds(30 * 86400), touchInterval: .seconds(60)),
                                 now: { clock.now })
        try await body(store, clock, redis)
    }

    @Test func idsAreLongRandomAndNeverStoredAsIs() async throws {
        try await Self.withStore { store, _, redis in
            let session = try await store.create(userID: 1, userAgent: "Firefox", remember: false)
            #expect(session.id.count == 43 && session.csrfToken.count == 43 && session.id != session.csrfToken)
            let keys = try await redis.send(["KEYS", "*"]).array?.compactMap(\.string) ?? []
            #expect(!keys.contains { $0.contains(session.id) })
            #expect(keys.contains("session:\(session.handle)"))
            let again = try await store.session(id: session.id)
            #expect(again?.userID == 1 && again?.csrfToken == session.csrfToken && again?.userAgent == "Firefox")
            #expect(try await store.session(id: SessionStore.randomToken()) == nil)
            #expect(try await store.session(id: "short") == nil)
        }
    }

    @Test func idleSessionsExpireAndActivityKeepsThemAlive() async throws {
        try await Self.withStore { store, clock, _ in
            let session = try await store.create(userID: 1, userAgent: "", remember: false)
            clock.advance(.seconds(7000))
            #expect(try await store.session(id: session.id) != nil, "used within 2 hours")
            clock.advance(.seconds(7000))
            #expect(try await store.session(id: session.id) != nil, "the last use counts")
            clock.advance(.seconds(7200))
            #expect(try await store.session(id: session.id) == nil, "2 hours idle")
            #expect(try await store.sessions(userID: 1).isEmpty)
        }
    }

    @Test func rememberedSessionsStillEndAtTheAbsoluteLifetime() async throws {
        try await Self.withStore { store, clock, _ in
            let session = try await store.create(userID: 1, userAgent: "", remember: true)
            for _ in 0..<29 {
                clock.advance(.seconds(86400))
                #expect(try await store.session(id: session.id) != nil)
            }
            clock.advance(.seconds(86400))
            #expect(try await store.session(id: session.id) == nil, "30 days after signing in, however active")
        }
    }

    @Test func redisExpiresThemToo() async throws {
        try await Self.withStore { store, _, redis in
            let session = try await store.create(userID: 1, userAgent: "", remember: false)
            let ttl = try await redis.timeToLive("session:\(session.handle)")
            #expect(ttl.map { $0 > .seconds(7100) && $0 <= .seconds(7200) } == true)
        }
    }

    @Test func endingOneOrAllSessions() async throws {
        try await Self.withStore { store, clock, _ in
            let laptop = try await store.create(userID: 7, userAgent: "Firefox", remember: false)
            clock.advance(.seconds(120))
            let phone = try await store.create(userID: 7, userAgent: "Safari", remember: true)
            let tablet = try await store.create(userID: 7, userAgent: "Chrome", remember: false)
            let other = try await store.create(userID: 8, userAgent: "Edge", remember: false)
            #expect(Set(try await store.sessions(userID: 7).map(\.handle)) == [laptop.handle, phone.handle, tablet.handle])

            try await store.end(handle: tablet.handle, userID: 7)
            #expect(try await store.session(id: tablet.id) == nil)

            try await store.endAll(userID: 7, keeping: phone.handle)
            #expect(try await store.session(id: laptop.id) == nil)
            #expect(try await store.session(id: phone.id) != nil)
            #expect(try await store.session(id: other.id) != nil, "other people's sessions are untouched")

            try await store.endAll(userID: 7)
            #expect(try await store.sessions(userID: 7).isEmpty)
        }
    }

    @Test func aHandleOfAnotherUserEndsNothing() async throws {
        try await Self.withStore { store, _, _ in
            let victim = try await store.create(userID: 1, userAgent: "", remember: false)
            try await store.end(handle: victim.handle, userID: 2)
            #expect(try await store.session(id: victim.id) != nil)
        }
    }
}
