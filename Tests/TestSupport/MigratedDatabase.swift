import Database
import Logging
import PostgresNIO

extension PostgresServer {
    /// Like ``withDatabase(_:)``, with BandUp's migrations (`Migrations/`) applied first.
    public func withMigratedDatabase<R: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> R) async throws -> R {
        try await withDatabase { client in
            var logger = Logger(label: "bandup.test.migrations")
            logger.logLevel = .warning
            let migrations = try Migration.load(from: BandUpProcess.repositoryRoot.appendingPathComponent("Migrations").path)
            _ = try await MigrationRunner(client: client, logger: logger).migrate(migrations)
            return try await body(client)
        }
    }
}
