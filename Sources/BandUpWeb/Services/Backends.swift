import Hummingbird
import PostgresNIO
import Redis
import ServiceLifecycle

/// PostgreSQL and Redis as a request sees them: every call bounded in time, so a stalled service
/// gives a prompt 503 rather than a hanging page.
struct Backends: Sendable {
    let postgres: PostgresClient
    let redis: RedisClient
    /// How long one page's call may wait for PostgreSQL or Redis.
    var limit: Duration = .seconds(3)

    func database<T: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        try await bounded("PostgreSQL") { [postgres] in try await body(postgres) }
    }

    func cache<T: Sendable>(_ body: @escaping @Sendable (RedisClient) async throws -> T) async throws -> T {
        try await bounded("Redis") { [redis] in try await body(redis) }
    }

    /// Runs `body` within the limit; connection failures and timeouts become ``ServiceUnavailable``.
    private func bounded<T: Sendable>(_ service: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withDeadline(limit, service: service, body)
        } catch {
            throw ServiceUnavailable.from(error) ?? error
        }
    }
}

/// Keeps the Redis client for the life of the service group and closes it at shutdown, after the
/// HTTP server has finished its requests.
struct RedisLifecycle: Service {
    let redis: RedisClient

    func run() async throws {
        try? await gracefulShutdown()
        redis.close()
    }
}
