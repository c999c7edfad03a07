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
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw ValidationError("DATABASE_URL is not set (postgres://user:password@host:port/database)")
        }
        let configuration: DatabaseConfiguration
        let files: [Migration]
        do {
            configuration = try DatabaseConfiguration(url: url)
            files = try Migration.load(from: migrations)
        } catch let error as DatabaseError {
            throw ValidationError(error.description)
        } catch {
            throw ValidationError("cannot read the migrations in '\(migrations)': \(error.localizedDescription)")
        }
        let client = PostgresClient(configuration: configuration.clientConfiguration)
        let applied: [Int]
        do {
            applied = try await withThrowingTaskGroup(of: [Int]?.self) { group in
            group.addTask { await client.run(); return nil }
            group.addTask { try await MigrationRunner(client: client, logger: logger).migrate(files) }
            group.addTask { [timeout] in
                try await Task.sleep(for: .seconds(timeout))
                throw ValidationError("PostgreSQL at \(configuration.host):\(configuration.port) did not answer within \(timeout) s")
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            return []
            }
        } catch let error as DatabaseError {
            throw ValidationError(error.description)
        } catch let error as PSQLError {
            throw ValidationError("PostgreSQL refused: \(error.serverInfo?[.message] ?? "\(error.code)")")
        }
        print(applied.isEmpty ? "The database is up to date (\(files.count) migrations)." : "Applied migrations \(applied.map(String.init).joined(separator: ", ")).")
    }
}
