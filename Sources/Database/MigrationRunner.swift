import Logging
import PostgresNIO

/// Applies versioned SQL migrations: in order, each in its own transaction, recorded with its
/// checksum in `schema_migrations`, under a PostgreSQL advisory lock so that several instances
/// starting at once apply each migration exactly once.
public struct MigrationRunner: Sendable {
    /// The advisory lock key (any constant shared by every BandUp instance).
    static let lockKey: Int64 = 0x42_414E_4455_5001 // "BANDUP" + 1

    public let client: PostgresClient
    public let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Applies the migrations not yet applied; returns their versions. Refuses to run when an applied
    /// migration changed or is unknown to this code.
    @discardableResult
    public func migrate(_ migrations: [Migration]) async throws -> [Int] {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                let applied = try await apply(migrations, on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                throw error
            }
        }
    }

    /// The versions recorded as applied, with their names and checksums.
    public func applied() async throws -> [(version: Int, name: String, checksum: String)] {
        try await client.withConnection { connection in
            try await ensureTable(connection)
            return try await appliedRows(connection)
        }
    }

    private func apply(_ migrations: [Migration], on connection: PostgresConnection) async throws -> [Int] {
        try await ensureTable(connection)
        let applied = try await appliedRows(connection)
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for row in applied {
            guard let migration = known[row.version] else {
                throw DatabaseError.unknownAppliedMigration(version: row.version, name: row.name)
            }
            guard migration.checksum == row.checksum else {
                throw DatabaseError.migrationChanged(version: row.version, name: row.name, applied: row.checksum, now: migration.checksum)
            }
        }
        let done = Set(applied.map(\.version))
        var newlyApplied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) where !done.contains(migration.version) {
            do {
                try await connection.withTransaction(logger: logger) { transaction in
                    for statement in SQLStatements.split(migration.sql) {
                        try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await transaction.query(
                        "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))",
                        logger: logger)
                }
            } catch let error as PostgresTransactionError {
                let cause = error.closureError ?? error.beginError ?? error.commitError
                let reason = (cause as? PSQLError).map(Self.reason) ?? cause.map { "\($0)" } ?? "\(error)"
                throw DatabaseError.migrationFailed(version: migration.version, name: migration.name, reason: reason)
            } catch let error as PSQLError {
                throw DatabaseError.migrationFailed(version: migration.version, name: migration.name, reason: Self.reason(error))
            }
            logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            newlyApplied.append(migration.version)
        }
        return newlyApplied
    }

    private func ensureTable(_ connection: PostgresConnection) async throws {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
    }

    private func appliedRows(_ connection: PostgresConnection) async throws -> [(version: Int, name: String, checksum: String)] {
        var rows: [(version: Int, name: String, checksum: String)] = []
        for try await (version, name, checksum) in try await connection.query(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version", logger: logger
        ).decode((Int, String, String).self) {
            rows.append((version, name, checksum))
        }
        return rows
    }

    /// The server's message for a failed statement (PSQLError's description hides it on purpose).
    static func reason(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] {
            let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
            return message + detail
        }
        return "\(error.code)"
    }
}
