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
        /// A new revision of a lesson an editor unpublished: it stays off the site.
        case revisedUnpublished(Int)
        /// The newest revision was saved in the browser editor: the file does not overwrite it.
        case editedInBrowser(revision: Int)
    }

    /// Upserts the lesson by slug: a new lesson, a new revision when the file changed, or nothing.
    /// Imported lessons are published. A lesson whose newest revision an editor saved in the
    /// browser is left alone unless `overwritingBrowserEdits`.
    /// A lesson an editor took off the site stays off it: a changed file becomes a new revision
    /// that is not published.
    public func importLesson(_ lesson: Lesson, source: String, authorID: Int64? = nil, overwritingBrowserEdits: Bool = false) async throws -> ImportResult {
        let rows = try await client.query("""
            SELECT r.number, r.action, l.status = 'published' FROM lessons l JOIN lesson_revisions r ON r.lesson_id = l.id AND r.number = l.current_revision
            WHERE l.slug = \(lesson.slug)
            """).decode((Int, String, Bool).self)
        var isUnpublished = false
        for try await (number, action, published) in rows {
            if !overwritingBrowserEdits, action != SaveAction.imported.rawValue { return .editedInBrowser(revision: number) }
            isUnpublished = !published
        }
        let saved = try await save(lesson, source: source, base: .newest, authorID: authorID, action: .imported, publishing: !isUnpublished)
        return saved.created ? .created : saved.changed ? (isUnpublished ? .revisedUnpublished(saved.revision) : .revised(saved.revision)) : .unchanged
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
        /// With a search: the matching passage, ``LessonLibrary/markStart`` and ``LessonLibrary/markEnd`` around the matched words.
        public let snippet: String?
    }

    /// Around matched words in search snippets: private-use characters, which no lesson contains.
    public static let markStart = "\u{E000}", markEnd = "\u{E001}"
    static let headlineOptions = "StartSel=\(markStart), StopSel=\(markEnd), MaxWords=30, MinWords=12"

    /// Published lessons, filtered by skill, a band the lesson suits, a topic and a search query
    /// (ranked), one page at a time (or from `offset`, for the API's cursors).
    public func catalogue(skill: LessonSkill? = nil, band: Double? = nil, topic: String? = nil, query: String? = nil,
                          page: Int = 1, perPage: Int = 20, offset: Int? = nil) async throws -> (lessons: [Summary], total: Int) {
        let skillName = skill?.rawValue
        let search = query.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let offset = offset ?? max(0, page - 1) * perPage
        let rows = try await client.query("""
            SELECT slug, title, skill, to_char(level_min, 'FM9.0') || '-' || to_char(level_max, 'FM9.0'), topic, summary, minutes,
                   CASE WHEN \(search)::text IS NULL THEN NULL ELSE ts_headline('english', summary || E'\\n' || search_text, websearch_to_tsquery('english', \(search)),
                        \(Self.headlineOptions)) END,
                   count(*) OVER ()
            FROM lessons
            WHERE status = 'published' AND (\(skillName)::text IS NULL OR skill = \(skillName))
              AND (\(band)::numeric IS NULL OR \(band)::numeric BETWEEN level_min AND level_max)
              AND (\(topic)::text IS NULL OR topic = \(topic))
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

    /// Which of `slugs` name lessons (published or not).
    public func existingSlugs(_ slugs: [String]) async throws -> Set<String> {
        let rows = try await client.query("SELECT slug FROM lessons WHERE slug = ANY(\(slugs))").decode(String.self)
        var found = Set<String>()
        for try await slug in rows { found.insert(slug) }
        return found
    }

    /// The words of published lessons that mention `word` (at most five lessons): where examples
    /// for flashcards are found.
    public func passages(mentioning word: String) async throws -> [String] {
        let rows = try await client.query("""
            SELECT search_text FROM lessons WHERE status = 'published' AND search @@ plainto_tsquery('english', \(word)) ORDER BY title LIMIT 5
            """).decode(String.self)
        var texts: [String] = []
        for try await text in rows { texts.append(text) }
        return texts
    }

    /// The topics of published lessons, for the catalogue's filter.
    public func topics() async throws -> [String] {
        let rows = try await client.query("SELECT DISTINCT topic FROM lessons WHERE status = 'published' ORDER BY topic").decode(String.self)
        var topics: [String] = []
        for try await topic in rows { topics.append(topic) }
        return topics
    }

    /// A published lesson's source and revision (the one learners read), by slug.
    public func published(slug: String) async throws -> (source: String, revision: Int)? {
        let rows = try await client.query("""
            SELECT r.source, r.number FROM lessons l JOIN lesson_revisions r ON r.lesson_id = l.id AND r.number = l.published_revision
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
