import Foundation
import PostgresNIO
import TestSupport
import Testing

/// `bandup migrate`, run as the built executable.
@Suite struct MigrateCommandTests {
    static func bandup(_ arguments: [String], environment: [String: String] = [:]) throws -> BandUpProcess.Outcome {
        try BandUpProcess.run(arguments, environment: environment)
    }

    @Test func helpListsTheCommands() throws {
        let help = try Self.bandup(["--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("migrate") && help.output.contains("Apply the database migrations"))
    }

    @Test func migrateNeedsADatabaseURL() throws {
        let outcome = try Self.bandup(["migrate"])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("DATABASE_URL is not set"))
    }

    @Test func migrateAppliesThenReportsUpToDate() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "CREATE TABLE a (id int);".write(to: directory.appendingPathComponent("0001_a.sql"), atomically: true, encoding: .utf8)
        try "CREATE TABLE b (id int);".write(to: directory.appendingPathComponent("0002_b.sql"), atomically: true, encoding: .utf8)
        let server = try PostgresServer.shared.get()
        try await server.withDatabase { client in
            let name = try await Self.currentDatabase(client)
            let url = "postgres://postgres@127.0.0.1:\(server.port)/\(name)?sslmode=disable"
            let first = try Self.bandup(["migrate", "--migrations", directory.path], environment: ["DATABASE_URL": url])
            #expect(first.status == 0 && first.output.contains("Applied migrations 1, 2."), "\(first.output)")
            let second = try Self.bandup(["migrate", "--migrations", directory.path], environment: ["DATABASE_URL": url])
            #expect(second.status == 0 && second.output.contains("up to date"), "\(second.output)")
        }
    }

    @Test func migrateGivesUpOnAnUnreachableDatabase() throws {
        let started = Date()
        let outcome = try Self.bandup(["migrate", "--timeout", "2"], environment: ["DATABASE_URL": "postgres://u@127.0.0.1:1/db?sslmode=disable"])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("did not answer within 2 s"), "\(outcome.output)")
        #expect(Date().timeIntervalSince(started) < 15)
    }

    static func currentDatabase(_ client: PostgresClient) async throws -> String {
        var name = ""
        for try await value in try await client.query("SELECT current_database()").decode(String.self) { name = value }
        return name
    }
}
