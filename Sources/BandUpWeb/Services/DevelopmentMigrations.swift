import Database
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// In development, `serve` applies pending migrations itself, retrying until PostgreSQL answers,
/// and the server reports ready only afterwards. Production runs `bandup migrate` as a release step.
struct DevelopmentMigrations: Service {
    let postgres: PostgresClient
    let migrations: [Migration]
    let readiness: Readiness
    let logger: Logger

    func run() async throws {
        let runner = MigrationRunner(client: postgres, logger: logger)
        var announced = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let applied = try await withDeadline(.seconds(30), service: "PostgreSQL") { [migrations] in try await runner.migrate(migrations) }
                logger.info(applied.isEmpty ? "The database is up to date" : "Applied migrations \(applied.map(String.init).joined(separator: ", "))")
                readiness.migrationsApplied()
                break
            } catch let error as DatabaseError {
                // A changed or broken migration will not fix itself: say so, stay not ready, stop trying.
                logger.error("Migrations failed: \(error.description)")
                break
            } catch {
                if !announced { logger.warning("Waiting for PostgreSQL to apply migrations: \(error)") }
                announced = true
                try? await Task.sleep(for: .seconds(1))
            }
        }
        // A service that returns would stop the whole group: stay until shutdown.
        try? await gracefulShutdown()
    }
}
