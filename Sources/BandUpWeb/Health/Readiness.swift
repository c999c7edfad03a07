import PostgresNIO
import Redis
import Synchronization

/// Whether this instance can serve learners: PostgreSQL and Redis answer within a second, and
/// (in development) the migrations have been applied.
final class Readiness: Sendable {
    /// One dependency's state, as `/readyz` reports it.
    struct Check: Sendable {
        let name: String
        let problem: String?
        var ok: Bool { problem == nil }
    }

    private let postgres: PostgresClient
    private let redis: RedisClient
    private let waitsForMigrations: Bool
    private let migrated = Atomic<Bool>(false)
    /// Whether every check has passed at least once since the process started.
    private let beenReady = Atomic<Bool>(false)
    private let limit: Duration

    /// What `/readyz` says about this instance: still starting (never ready yet: connections being
    /// opened, migrations not applied), ready, or ready once and now missing a dependency.
    enum State: String, Sendable {
        case starting
        case ready
        case dependencyDown = "dependency-down"
    }

    init(postgres: PostgresClient, redis: RedisClient, waitsForMigrations: Bool, limit: Duration = .seconds(1)) {
        self.postgres = postgres
        self.redis = redis
        self.waitsForMigrations = waitsForMigrations
        self.limit = limit
    }

    func migrationsApplied() { migrated.store(true, ordering: .releasing) }

    /// The state and the checks behind it.
    func report() async -> (state: State, checks: [Check]) {
        let checks = await check()
        if checks.allSatisfy(\.ok) {
            beenReady.store(true, ordering: .releasing)
            return (.ready, checks)
        }
        return (beenReady.load(ordering: .acquiring) ? .dependencyDown : .starting, checks)
    }

    /// Asks PostgreSQL and Redis at the same time, each bounded by the limit.
    func check() async -> [Check] {
        async let database = probe("postgresql") { [postgres] in
            for try await _ in try await postgres.query("SELECT 1").decode(Int.self) {}
        }
        async let cache = probe("redis") { [redis] in
            guard try await redis.ping() else { throw RedisError.unexpectedReply("PING did not answer PONG") }
        }
        var checks = await [database, cache]
        if waitsForMigrations {
            checks.append(Check(name: "migrations", problem: migrated.load(ordering: .acquiring) ? nil : "not applied yet"))
        }
        return checks
    }

    private func probe(_ name: String, _ body: @escaping @Sendable () async throws -> Void) async -> Check {
        do {
            try await withDeadline(limit, service: name) { try await body() }
            return Check(name: name, problem: nil)
        } catch let error as ServiceUnavailable {
            return Check(name: name, problem: error.reason)
        } catch {
            return Check(name: name, problem: String(describing: error))
        }
    }
}
