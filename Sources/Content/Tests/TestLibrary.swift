import Foundation
import Logging
import Practice
import PostgresNIO

/// Practice tests in PostgreSQL: imported from `Content/tests/` as revisions (an attempt keeps the
/// revision it started on), listed for learners, read back by revision.
public struct TestLibrary: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger = Logger(label: "bandup.tests")) {
        self.client = client
        self.logger = logger
    }

    /// Upserts the test by slug: a new test, a new revision when the file changed, or nothing.
    public func importTest(_ test: PracticeTest, source: String) async throws -> LessonLibrary.ImportResult {
        let checksum = LessonLibrary.checksum(source)
        let logger = self.logger
        do {
            return try await client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query("""
                    SELECT t.id, t.current_revision, r.checksum FROM practice_tests t
                    JOIN practice_test_revisions r ON r.test_id = t.id AND r.number = t.current_revision
                    WHERE t.slug = \(test.slug) FOR UPDATE OF t
                    """, logger: logger).decode((Int64, Int, String).self)
                var found: (Int64, Int, String)?
                for try await row in rows { found = row }
                if let (id, revision, previous) = found {
                    guard previous != checksum else { return .unchanged }
                    try await connection.query("""
                        UPDATE practice_tests SET kind = \(test.kind.rawValue), title = \(test.title), minutes = \(test.minutes),
                            current_revision = \(revision + 1), updated_at = now() WHERE id = \(id)
                        """, logger: logger)
                    try await connection.query("""
                        INSERT INTO practice_test_revisions (test_id, number, source, checksum) VALUES (\(id), \(revision + 1), \(source), \(checksum))
                        """, logger: logger)
                    return .revised(revision + 1)
                }
                let ids = try await connection.query("""
                    INSERT INTO practice_tests (slug, kind, title, minutes) VALUES (\(test.slug), \(test.kind.rawValue), \(test.title), \(test.minutes))
                    RETURNING id
                    """, logger: logger).decode(Int64.self)
                var id: Int64 = 0
                for try await value in ids { id = value }
                try await connection.query("""
                    INSERT INTO practice_test_revisions (test_id, number, source, checksum) VALUES (\(id), 1, \(source), \(checksum))
                    """, logger: logger)
                return .created
            }
        } catch {
            throw LessonLibrary.unwrapped(error)
        }
    }

    /// A test in the list learners choose from.
    public struct Listing: Sendable, Equatable {
        public let id: Int64
        public let slug: String
        public let title: String
        public let kind: TestKind
        public let minutes: Int
        public let revision: Int
    }

    public func all() async throws -> [Listing] {
        let rows = try await client.query("SELECT id, slug, title, kind, minutes, current_revision FROM practice_tests ORDER BY kind, title")
            .decode((Int64, String, String, String, Int, Int).self)
        var tests: [Listing] = []
        for try await (id, slug, title, kind, minutes, revision) in rows {
            guard let kind = TestKind(rawValue: kind) else { continue }
            tests.append(Listing(id: id, slug: slug, title: title, kind: kind, minutes: minutes, revision: revision))
        }
        return tests
    }

    public func find(slug: String) async throws -> Listing? {
        try await all().first { $0.slug == slug }
    }

    /// The source of one revision of a test.
    public func source(testID: Int64, revision: Int) async throws -> String? {
        let rows = try await client.query("SELECT source FROM practice_test_revisions WHERE test_id = \(testID) AND number = \(revision)").decode(String.self)
        for try await source in rows { return source }
        return nil
    }
}
