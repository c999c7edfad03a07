import Crypto
import Foundation
import Logging
import PostgresNIO

/// Lessons in PostgreSQL: import from files as revisions, list, search and read.
public struct LessonLibrary: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger = Logger(label: "bandup.lessons")) {
        self.client = client
        self.logger = logger
    }

    /// What importing one file did.
    public enum ImportResult: Sendable, Equatable {
        case created, revised(Int), unchanged
    }

    /// Upserts the lesson by slug: a new lesson, a new revision when the file changed, or nothing.
    /// Imported lessons are published.
    public func importLesson(_ lesson: Lesson, source: String, authorID: Int64? = nil) async throws -> ImportResult {
        let checksum = SHA256.hash(data: Data(source.utf8)).map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined()
        let tags = lesson.tags
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { connection in
            let existing = try await connection.query("""
                SELECT l.id, l.current_revision, r.checksum FROM lessons l
                JOIN lesson_revisions r ON r.lesson_id = l.id AND r.number = l.current_revision
                WHERE l.slug = \(lesson.slug) FOR UPDATE OF l
                """, logger: logger).decode((Int64, Int, String).self)
            var found: (Int64, Int, String)?
            for try await row in existing { found = row }
            if let (id, revision, previous) = found {
                guard previous != checksum else { return .unchanged }
                let next = revision + 1
                try await connection.query("""
                    UPDATE lessons SET title = \(lesson.title), skill = \(lesson.skill.rawValue), level_min = \(lesson.level.lowerBound),
                        level_max = \(lesson.level.upperBound), topic = \(lesson.topic), summary = \(lesson.summary), minutes = \(lesson.minutes),
                        tags = \(tags), body = \(lesson.body), current_revision = \(next), status = 'published', updated_at = now()
                    WHERE id = \(id)
                    """, logger: logger)
                try await connection.query("INSERT INTO lesson_revisions (lesson_id, number, source, checksum, author_id) VALUES (\(id), \(next), \(source), \(checksum), \(authorID))", logger: logger)
                return .revised(next)
            }
            let rows = try await connection.query("""
                INSERT INTO lessons (slug, status, title, skill, level_min, level_max, topic, summary, minutes, tags, body)
                VALUES (\(lesson.slug), 'published', \(lesson.title), \(lesson.skill.rawValue), \(lesson.level.lowerBound), \(lesson.level.upperBound),
                        \(lesson.topic), \(lesson.summary), \(lesson.minutes), \(tags), \(lesson.body))
                RETURNING id
                """, logger: logger).decode(Int64.self)
            var id: Int64 = 0
            for try await value in rows { id = value }
            try await connection.query("INSERT INTO lesson_revisions (lesson_id, number, source, checksum, author_id) VALUES (\(id), 1, \(source), \(checksum), \(authorID))", logger: logger)
            return .created
        }
    }

    /// A lesson in a list: what the catalogue shows.
    public struct Summary: Sendable, Equatable {
        public let slug: String
        public let title: String
        public let skill: String
        public let level: String
        public let topic: String
        public let summary: String
        public let minutes: Int
        /// With a search: the matching passage, `[` and `]` around the matched words.
        public let snippet: String?
    }

    /// Published lessons, filtered by skill and a search query (ranked), one page at a time.
    public func catalogue(skill: LessonSkill? = nil, query: String? = nil, page: Int = 1, perPage: Int = 20) async throws -> (lessons: [Summary], total: Int) {
        let skillName = skill?.rawValue
        let search = query.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let offset = max(0, page - 1) * perPage
        let rows = try await client.query("""
            SELECT slug, title, skill, to_char(level_min, 'FM9.0') || '-' || to_char(level_max, 'FM9.0'), topic, summary, minutes,
                   CASE WHEN \(search)::text IS NULL THEN NULL ELSE ts_headline('english', summary || ' ' || body, websearch_to_tsquery('english', \(search)),
                        'StartSel=[, StopSel=], MaxWords=30, MinWords=12') END,
                   count(*) OVER ()
            FROM lessons
            WHERE status = 'published' AND (\(skillName)::text IS NULL OR skill = \(skillName))
              AND (\(search)::text IS NULL OR search @@ websearch_to_tsquery('english', \(search)))
            ORDER BY CASE WHEN \(search)::text IS NULL THEN 0 ELSE ts_rank(search, websearch_to_tsquery('english', \(search))) END DESC,
                     skill, level_min, title
            LIMIT \(perPage) OFFSET \(offset)
            """).decode((String, String, String, String, String, String, Int, String?, Int).self)
        var lessons: [Summary] = []
        var total = 0
        for try await (slug, title, skill, level, topic, summary, minutes, snippet, count) in rows {
            lessons.append(Summary(slug: slug, title: title, skill: skill, level: level, topic: topic, summary: summary, minutes: minutes, snippet: snippet))
            total = count
        }
        return (lessons, total)
    }

    /// A published lesson's current source and revision, by slug.
    public func published(slug: String) async throws -> (source: String, revision: Int)? {
        let rows = try await client.query("""
            SELECT r.source, r.number FROM lessons l JOIN lesson_revisions r ON r.lesson_id = l.id AND r.number = l.current_revision
            WHERE l.slug = \(slug) AND l.status = 'published'
            """).decode((String, Int).self)
        for try await row in rows { return row }
        return nil
    }

    /// How many revisions a lesson has (tests, the editor's history later).
    public func revisionCount(slug: String) async throws -> Int {
        let rows = try await client.query("SELECT count(*) FROM lesson_revisions r JOIN lessons l ON l.id = r.lesson_id WHERE l.slug = \(slug)").decode(Int.self)
        for try await count in rows { return count }
        return 0
    }
}
