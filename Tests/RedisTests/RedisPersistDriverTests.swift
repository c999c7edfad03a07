import Foundation
import Hummingbird
import Redis
import RedisPersist
import TestSupport
import Testing

@Suite struct RedisPersistDriverTests {
    struct Session: Codable, Sendable, Equatable {
        var userID: Int
        var agent: String
    }

    @Test func createSetGetRemoveWithExpiry() async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: server.configuration)
        let store = RedisPersistDriver(redis: redis)
        defer { redis.close() }
        let session = Session(userID: 42, agent: "Firefox")
        let created = ContinuousClock.now
        try await store.create(key: "s1", value: session, expires: .seconds(60))
        await #expect(throws: PersistError.duplicate) { try await store.create(key: "s1", value: session, expires: nil) }
        #expect(try await store.get(key: "s1", as: Session.self) == session)
        let (_, ttl) = try #require(try await store.getWithTTL(key: "s1", as: Session.self))
        // A minute less the time since (a loaded run once took more than 30 s to get here).
        let least = .seconds(59) - (ContinuousClock.now - created)
        #expect(ttl.map { $0 >= least && $0 <= .seconds(60) } == true, "\(String(describing: ttl)), at least \(least)")
        // `set` without an expiry keeps the existing one.
        try await store.set(key: "s1", value: Session(userID: 42, agent: "Chrome"), expires: nil)
        #expect(try await store.getWithTTL(key: "s1", as: Session.self)?.ttl != nil)
        #expect(try await store.get(key: "s1", as: Session.self)?.agent == "Chrome")
        // Expiry is Redis's own.
        try await store.set(key: "short", value: session, expires: .milliseconds(100))
        try await Task.sleep(for: .milliseconds(250))
        #expect(try await store.get(key: "short", as: Session.self) == nil)
        await #expect(throws: PersistError.invalidConversion) { try await store.get(key: "s1", as: Int.self) }
        try await store.remove(key: "s1")
        #expect(try await store.get(key: "s1", as: Session.self) == nil)
        #expect(try await redis.get("persist:s1") == nil)
    }

    @Test func survivesARedisRestartWithoutBeingRecreated() async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: server.configuration)
        let store = RedisPersistDriver(redis: redis)
        defer { redis.close() }
        try await store.set(key: "a", value: 1, expires: nil)
        server.stop()
        await #expect(throws: RedisError.self) { try await store.get(key: "a", as: Int.self) }
        try server.start()
        var value: Int? = nil
        for _ in 0..<50 where value == nil {
            try? await store.set(key: "b", value: 2, expires: .seconds(10))
            value = try? await store.get(key: "b", as: Int.self)
            if value == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(value == 2)
    }
}
