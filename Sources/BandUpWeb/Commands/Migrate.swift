import ArgumentParser
import Database
import Foundation
import Logging
import PostgresNIO

/// `bandup migrate`: applies the SQL migrations that have not run yet.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the database migrations that have not run yet.",
        discussion: """
            Reads DATABASE_URL (postgres://user:password@host:port/database[?sslmode=disable]).
            Safe to run from several instances at once: an advisory lock makes each migration run once.
            """
    )

    @Option(name: .long, help: "The directory of NNNN_description.sql files.")
    var migrations: String = "Migrations"

    @Option(name: .long, help: "Give up when PostgreSQL has not answered within this many seconds.")
    var timeout: Int = 30

    func run() async throws {
        let logger = Logger(label: "bandup.migrate")
        _ = try CommandDatabase.configuration()
        let files: [Migration]
        do {
            files = try Migration.load(from: migrations)
        } catch let error as DatabaseError {
            throw ValidationError(error.description)
        } catch {
            throw ValidationError("cannot read the migrations in '\(migrations)': \(error.localizedDescription)")
        }
        let applied = try await CommandDatabase.run(timeout: timeout) { client in
            try await MigrationRunner(client: client, logger: logger).migrate(files)
        }
        print(applied.isEmpty ? "The database is up to date (\(files.count) migrations)." : "Applied migrations \(applied.map(String.init).joined(separator: ", ")).")
    }
}
