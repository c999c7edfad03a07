import Foundation
import Hummingbird
import Redis
import ServiceLifecycle

/// Hummingbird's key-value store (`PersistDriver`, used by HummingbirdAuth's `SessionMiddleware`)
/// in Redis, so every instance behind the load balancer sees the same sessions.
///
/// Values are stored as JSON under `prefix + key`; expiry is Redis's own (`PX`), and `set` without
/// an expiry keeps the key's existing one (`KEEPTTL`).
public struct RedisPersistDriver: PersistDriver {
    public let redis: RedisClient
    /// Prepended to every key, so BandUp's keys cannot collide with other users of the same Redis.
    public let prefix: String

    public init(redis: RedisClient, prefix: String = "persist:") {
        self.redis = redis
        self.prefix = prefix
    }

    public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        var command = ["SET", prefix + key, try Self.encode(value), "NX"]
        if let expires { command += ["PX", String(expires.redisMilliseconds)] }
        guard try await redis.send(command) != .null else { throw PersistError.duplicate }
    }

    public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        var command = ["SET", prefix + key, try Self.encode(value)]
        if let expires { command += ["PX", String(expires.redisMilliseconds)] } else { command.append("KEEPTTL") }
        try await redis.send(command)
    }

    public func get<Object: Codable & Sendable>(key: String, as object: Object.Type) async throws -> Object? {
        guard let text = try await redis.send(["GET", prefix + key]).string else { return nil }
        return try Self.decode(text, as: object)
    }

    public func getWithTTL<Object: Codable & Sendable>(key: String, as object: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let replies = try await redis.pipeline([["GET", prefix + key], ["PTTL", prefix + key]])
        guard let text = try replies[0].checked().string else { return nil }
        let milliseconds = try replies[1].checked().int ?? -1
        return (try Self.decode(text, as: object), milliseconds >= 0 ? .milliseconds(milliseconds) : nil)
    }

    public func remove(key: String) async throws {
        try await redis.send(["DEL", prefix + key])
    }

    /// Runs until graceful shutdown, then closes the Redis connections.
    public func run() async throws {
        try? await gracefulShutdown()
        redis.close()
    }

    public func shutdown() async throws {
        redis.close()
    }

    private static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    private static func decode<Object: Decodable>(_ text: String, as type: Object.Type) throws -> Object {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw PersistError.invalidConversion
        }
    }
}
