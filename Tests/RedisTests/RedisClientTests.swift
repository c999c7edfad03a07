import Foundation
import NIOCore
import Redis
import TestSupport
import Testing

@Suite struct RedisClientTests {
    @Test func stringsCountersAndExpiry() async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: server.configuration)
        defer { redis.close() }
        #expect(try await redis.ping())
        #expect(try await redis.get("missing") == nil)
        try await redis.set("greeting", to: "hello\r\n\0world é")
        #expect(try await redis.get("greeting") == "hello\r\n\0world é")
        // Generous expiries: the whole suite runs in parallel on two cores.
        try await redis.set("timed", to: "x", expiresIn: .seconds(5))
        let ttl = try #require(try await redis.timeToLive("timed"))
        #expect(ttl > .zero && ttl <= .seconds(5))
        try await redis.set("short", to: "x", expiresIn: .milliseconds(100))
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await redis.get("short") == nil)
        #expect(try await redis.increment("visits") == 1)
        #expect(try await redis.increment("visits", by: 41) == 42)
        #expect(try await redis.expire("visits", in: .seconds(60)))
        #expect(try await redis.expire("nope", in: .seconds(60)) == false)
        #expect(try await redis.delete("visits", "greeting", "nope") == 2)
    }

    @Test func hashes() async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: server.configuration)
        defer { redis.close() }
        #expect(try await redis.hashSet("session:1", [("user", "42"), ("agent", "Firefox")]) == 2)
        #expect(try await redis.hashGet("session:1", field: "user") == "42")
        #expect(try await redis.hashGetAll("session:1") == ["user": "42", "agent": "Firefox"])
        #expect(try await redis.hashDelete("session:1", fields: "agent") == 1)
        #expect(try await redis.hashGetAll("nothing") == [:])
    }

    @Test func pipeliningSendsManyCommandsInOneRoundTrip() async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: server.configuration)
        defer { redis.close() }
        let replies = try await redis.pipeline(Array(repeating: ["INCR", "counter"], count: 1000) + [["GET", "counter"], ["NOSUCHCOMMAND"]])
        #expect(replies.count == 1002)
        #expect(replies[999] == .integer(1000))
        #expect(replies[1000].string == "1000")
        if case .error(let message) = replies[1001] { #expect(message.contains("unknown command")) } else { Issue.record("expected an error reply") }
    }

    @Test func concurrentCommandsShareThePool() async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: server.configuration)
        defer { redis.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 { group.addTask { _ = try await redis.increment("hits") } }
            try await group.waitForAll()
        }
        #expect(try await redis.get("hits") == "200")
    }

    @Test func serverErrorsAreThrownAndTheConnectionStaysUsable() async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: server.configuration)
        defer { redis.close() }
        try await redis.set("text", to: "abc")
        await #expect(throws: RedisError.self) { try await redis.increment("text") }
        #expect(try await redis.get("text") == "abc")
    }

    @Test func aLateReplyTimesOutAndTheClientRecovers() async throws {
        let server = try RedisServer()
        var configuration = server.configuration
        configuration.commandTimeout = .milliseconds(200)
        configuration.poolSize = 1
        let redis = RedisClient(configuration: configuration)
        defer { redis.close() }
        do {
            try await redis.send(["DEBUG", "SLEEP", "0.6"])
            Issue.record("DEBUG SLEEP should have timed out")
        } catch let error as RedisError {
            #expect(error == .timeout)
        }
        try await Task.sleep(for: .milliseconds(700))
        // Recovered: a later command is answered (on a loaded machine one ping may miss 200 ms too).
        var answered = false
        for _ in 0..<10 where !answered {
            answered = (try? await redis.ping()) == true
            if !answered { try await Task.sleep(for: .milliseconds(300)) }
        }
        #expect(answered, "the client answers again after a timed-out command")
    }

    @Test func streamsWithConsumerGroups() async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: server.configuration)
        defer { redis.close() }
        try await redis.streamCreateGroup("jobs", group: "workers")
        try await redis.streamCreateGroup("jobs", group: "workers") // already there: fine
        let first = try await redis.streamAdd("jobs", [("essay", "1"), ("kind", "writing")])
        try await redis.streamAdd("jobs", [("essay", "2")], maxLength: 1000)
        let all = try await redis.streamRange("jobs")
        #expect(all.map { $0["essay"] } == ["1", "2"])
        #expect(all[0].id == first && all[0].fields.map(\.0) == ["essay", "kind"])

        let claimed = try await redis.streamReadGroup("jobs", group: "workers", consumer: "a", count: 1)
        #expect(claimed.map { $0["essay"] } == ["1"])
        // Nobody acknowledged it: after it idles, another consumer claims it.
        try await Task.sleep(for: .milliseconds(50))
        let (_, reclaimed) = try await redis.streamAutoClaim("jobs", group: "workers", consumer: "b", minIdle: .milliseconds(10))
        #expect(reclaimed.map(\.id) == [first])
        #expect(try await redis.streamAcknowledge("jobs", group: "workers", ids: [first]) == 1)
        #expect(try await redis.streamAcknowledge("jobs", group: "workers", ids: [first]) == 0)
    }

    @Test func aBlockingReadWakesWhenAnEntryArrivesWithoutHoldingThePool() async throws {
        let server = try RedisServer()
        var configuration = server.configuration
        configuration.poolSize = 1
        let redis = RedisClient(configuration: configuration)
        defer { redis.close() }
        try await redis.streamCreateGroup("feedback", group: "workers")
        async let waited = redis.streamReadGroup("feedback", group: "workers", consumer: "w1", block: .seconds(5))
        try await Task.sleep(for: .milliseconds(200))
        // The pool is free while the read blocks on its own connection.
        #expect(try await redis.ping())
        try await redis.streamAdd("feedback", [("job", "42")])
        let entries = try await waited
        #expect(entries.map { $0["job"] } == ["42"])
        // A block that times out returns nothing.
        let none = try await redis.streamReadGroup("feedback", group: "workers", consumer: "w1", block: .milliseconds(100))
        #expect(none.isEmpty)
    }

    @Test func reconnectsByItselfAfterRedisRestarts() async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: server.configuration)
        defer { redis.close() }
        try await redis.set("before", to: "1")
        server.stop()
        // While Redis is down: clear errors, no crash, no hang.
        for _ in 0..<3 {
            await #expect(throws: RedisError.self) { try await redis.get("before") }
        }
        if case .unavailable(let why)? = await errorOf({ try await redis.ping() }) {
            #expect(why.contains("cannot connect") || why.contains("unavailable") || !why.isEmpty)
        }
        try server.start()
        // Back: the same client works again without being recreated (the data is gone: --save '').
        var recovered = false
        for _ in 0..<50 where !recovered {
            recovered = (try? await redis.ping()) == true
            if !recovered { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(recovered)
        try await redis.set("after", to: "2")
        #expect(try await redis.get("after") == "2")
    }

    @Test func unreachableRedisFailsFastWithAClearError() async throws {
        let redis = RedisClient(configuration: RedisConfiguration(host: "127.0.0.1", port: 1, connectTimeout: .milliseconds(500)))
        defer { redis.close() }
        let error = await errorOf { try await redis.ping() }
        guard case .unavailable(let why)? = error else { Issue.record("expected unavailable, got \(String(describing: error))"); return }
        #expect(why.contains("127.0.0.1:1"))
        #expect(error?.description.hasPrefix("Redis is unavailable") == true)
    }

    @Test(arguments: [
        ("redis://127.0.0.1:6379", "127.0.0.1", 6379, nil as String?, nil as String?, 0),
        ("redis://cache.internal", "cache.internal", 6379, nil, nil, 0),
        ("redis://:s%40cret@10.0.0.5:6380/2", "10.0.0.5", 6380, nil, "s@cret", 2),
        ("redis://app:pw@localhost:7000/", "localhost", 7000, "app", "pw", 0),
    ])
    func parsesRedisURLs(_ url: String, _ host: String, _ port: Int, _ user: String?, _ password: String?, _ database: Int) throws {
        let configuration = try RedisConfiguration(url: url)
        #expect(configuration.host == host && configuration.port == port && configuration.username == user
            && configuration.password == password && configuration.database == database)
    }

    @Test(arguments: ["http://x", "redis://", "redis://host:0", "redis://host:99999", "redis://host/abc"])
    func rejectsBadRedisURLs(_ url: String) {
        #expect(throws: RedisError.self) { try RedisConfiguration(url: url) }
    }
}

/// The RedisError a call throws, if any.
func errorOf(_ body: () async throws -> some Any) async -> RedisError? {
    do { _ = try await body(); return nil } catch { return error as? RedisError }
}
