import Database
import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

private let logger = Logger(label: "migration-tests")

private func server() throws -> PostgresServer { try PostgresServer.shared.get() }

private let users = Migration(version: 1, name: "create_users", sql: """
    -- accounts; a semicolon in a comment; is fine
    CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, note text DEFAULT 'a;b');
    CREATE INDEX users_email ON users (lower(email));
    """)
private let lessons = Migration(version: 2, name: "create_lessons", sql: """
    CREATE TABLE lessons (id bigserial PRIMARY KEY, title text NOT NULL);
    CREATE FUNCTION lesson_count() RETURNS bigint AS $body$ SELECT count(*) FROM lessons; $body$ LANGUAGE sql;
    """)

@Suite struct MigrationTests {
    @Test func appliesInOrderOnceAndRecordsChecksums() async throws {
        try await server().withDatabase { client in
            let runner = MigrationRunner(client: client, logger: logger)
            #expect(try await runner.migrate([lessons, users]) == [1, 2])
            #expect(try await runner.migrate([users, lessons]) == [])
            let applied = try await runner.applied()
            #expect(applied.map(\.version) == [1, 2])
            #expect(applied.map(\.checksum) == [users.checksum, lessons.checksum])
            try await client.query("INSERT INTO lessons (title) VALUES ('Skimming')")
            let rows = try await client.query("SELECT lesson_count()").decode(Int.self)
            var count = 0
            for try await value in rows { count = value }
            #expect(count == 1)
        }
    }

    @Test func aChangedMigrationIsRefusedWithAClearMessage() async throws {
        try await server().withDatabase { client in
            let runner = MigrationRunner(client: client, logger: logger)
            try await runner.migrate([users])
            let edited = Migration(version: 1, name: "create_users", sql: users.sql + "\n-- edited")
            do {
                try await runner.migrate([edited, lessons])
                Issue.record("an edited migration was accepted")
            } catch let error as DatabaseError {
                guard case .migrationChanged(1, "create_users", _, _) = error else { Issue.record("\(error)"); return }
                #expect(error.description.contains("never edit an applied migration"))
            }
            #expect(try await runner.applied().map(\.version) == [1]) // nothing else ran
        }
    }

    @Test func aFailingMigrationRollsBackAndSaysWhy() async throws {
        try await server().withDatabase { client in
            let runner = MigrationRunner(client: client, logger: logger)
            let broken = Migration(version: 3, name: "broken", sql: "CREATE TABLE half (id int);\nSELECT * FROM no_such_table;")
            do {
                try await runner.migrate([users, broken])
                Issue.record("a failing migration succeeded")
            } catch let error as DatabaseError {
                guard case .migrationFailed(3, "broken", let reason) = error else { Issue.record("\(error)"); return }
                #expect(reason.contains("no_such_table"))
            }
            #expect(try await runner.applied().map(\.version) == [1])
            let tables = try await client.query("SELECT count(*) FROM pg_tables WHERE tablename = 'half'").decode(Int.self)
            for try await count in tables { #expect(count == 0) }
        }
    }

    @Test func instancesMigratingAtOnceApplyEachMigrationOnce() async throws {
        try await server().withDatabase { client in
            let slow = Migration(version: 3, name: "slow", sql: "SELECT pg_sleep(0.3);\nCREATE TABLE once (id int);")
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 { group.addTask { try await MigrationRunner(client: client, logger: logger).migrate([users, lessons, slow]) } }
                var all: [[Int]] = []
                for try await applied in group { all.append(applied) }
                return all
            }
            #expect(results.flatMap { $0 }.sorted() == [1, 2, 3])
            #expect(try await MigrationRunner(client: client, logger: logger).applied().map(\.version) == [1, 2, 3])
        }
    }

    @Test func aDatabaseAheadOfTheCodeIsRefused() async throws {
        try await server().withDatabase { client in
            let runner = MigrationRunner(client: client, logger: logger)
            try await runner.migrate([users, lessons])
            await #expect(throws: DatabaseError.unknownAppliedMigration(version: 2, name: "create_lessons")) {
                try await runner.migrate([users])
            }
        }
    }

    @Test func migrationFilesAreReadInVersionOrder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "B".write(to: directory.appendingPathComponent("0010_second.sql"), atomically: true, encoding: .utf8)
        try "A".write(to: directory.appendingPathComponent("0002_first.sql"), atomically: true, encoding: .utf8)
        try "x".write(to: directory.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let loaded = try Migration.load(from: directory.path)
        #expect(loaded.map(\.version) == [2, 10] && loaded.map(\.name) == ["first", "second"])
        try "C".write(to: directory.appendingPathComponent("0002_again.sql"), atomically: true, encoding: .utf8)
        #expect(throws: DatabaseError.self) { try Migration.load(from: directory.path) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("0002_again.sql"))
        try "D".write(to: directory.appendingPathComponent("first.sql"), atomically: true, encoding: .utf8)
        #expect(throws: DatabaseError.invalidMigrationName("first.sql")) { try Migration.load(from: directory.path) }
    }

    @Test(arguments: [
        ("postgres://bandup:s%3Acret@db.internal:6543/bandup?sslmode=require", "db.internal", 6543, "bandup", "s:cret", "bandup", true),
        ("postgresql://app@127.0.0.1/app_test?sslmode=disable", "127.0.0.1", 5432, "app", nil as String?, "app_test", false),
    ])
    func parsesDatabaseURLs(_ url: String, _ host: String, _ port: Int, _ user: String, _ password: String?, _ database: String, _ tls: Bool) throws {
        let c = try DatabaseConfiguration(url: url)
        #expect(c.host == host && c.port == port && c.username == user && c.password == password && c.database == database && c.requiresTLS == tls)
    }

    @Test(arguments: ["mysql://a@b/c", "postgres://host/db", "postgres://u@host", "postgres://u@host:0/db", "postgres://u@h/db?sslmode=maybe"])
    func rejectsBadDatabaseURLs(_ url: String) {
        #expect(throws: DatabaseError.self) { try DatabaseConfiguration(url: url) }
    }
}
