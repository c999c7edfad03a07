import Practice
import PostgresNIO

extension LessonLibrary {
    /// Marks a published lesson as done for a learner; false when there is no such lesson.
    public func markDone(userID: Int64, slug: String) async throws -> Bool {
        let rows = try await client.query("""
            INSERT INTO lesson_progress (user_id, lesson_id)
            SELECT \(userID), id FROM lessons WHERE slug = \(slug) AND status = 'published'
            ON CONFLICT (user_id, lesson_id) DO UPDATE SET completed_at = lesson_progress.completed_at
            RETURNING lesson_id
            """).decode(Int64.self)
        for try await _ in rows { return true }
        return false
    }

    /// For each skill with published lessons: how many the learner has done, of how many.
    public func progress(userID: Int64) async throws -> [String: (done: Int, total: Int)] {
        let rows = try await client.query("""
            SELECT l.skill, count(p.lesson_id)::int, count(*)::int FROM lessons l
            LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = \(userID)
            WHERE l.status = 'published' GROUP BY l.skill
            """).decode((String, Int, Int).self)
        var result: [String: (done: Int, total: Int)] = [:]
        for try await (skill, done, total) in rows { result[skill] = (done, total) }
        return result
    }

    /// What a lesson page needs besides the lesson itself, in one query: the published revision
    /// (to find the rendering in the cache), the lessons before and after it in its skill, and
    /// whether this learner has done it. Nil when the lesson is not published.
    public struct PageFacts: Sendable, Equatable {
        public let revision: Int
        public let previous: (slug: String, title: String)?
        public let next: (slug: String, title: String)?
        public let done: Bool

        public init(revision: Int, previous: (slug: String, title: String)?, next: (slug: String, title: String)?, done: Bool) {
            self.revision = revision
            self.previous = previous
            self.next = next
            self.done = done
        }

        public static func == (a: PageFacts, b: PageFacts) -> Bool {
            a.revision == b.revision && a.done == b.done && a.previous?.slug == b.previous?.slug && a.next?.slug == b.next?.slug
        }
    }

    public func pageFacts(slug: String, userID: Int64?) async throws -> PageFacts? {
        let rows = try await client.query("""
            WITH ordered AS (
                SELECT id, slug, published_revision, lag(slug) OVER w AS prev_slug, lag(title) OVER w AS prev_title,
                       lead(slug) OVER w AS next_slug, lead(title) OVER w AS next_title
                FROM lessons WHERE status = 'published' AND skill = (SELECT skill FROM lessons WHERE slug = \(slug))
                WINDOW w AS (ORDER BY level_min, title, slug)
            )
            SELECT published_revision, prev_slug, prev_title, next_slug, next_title,
                   EXISTS (SELECT 1 FROM lesson_progress p WHERE p.lesson_id = ordered.id AND p.user_id = \(userID))
            FROM ordered WHERE slug = \(slug)
            """).decode((Int, String?, String?, String?, String?, Bool).self)
        for try await (revision, ps, pt, ns, nt, done) in rows {
            return PageFacts(revision: revision, previous: ps.flatMap { s in pt.map { (s, $0) } }, next: ns.flatMap { s in nt.map { (s, $0) } }, done: done)
        }
        return nil
    }

    /// A published lesson's place on the site: its revision and its neighbours in its skill.
    public struct PublishedPlace: Sendable {
        public let id: Int64
        public let revision: Int
        public let previous: (slug: String, title: String)?
        public let next: (slug: String, title: String)?
    }

    /// Every published lesson's place, by slug, in one query: what lesson pages keep in memory
    /// (``pageFacts(slug:userID:)`` less the learner's "done").
    public func publishedPlaces() async throws -> [String: PublishedPlace] {
        let rows = try await client.query("""
            SELECT id, slug, published_revision, lag(slug) OVER w, lag(title) OVER w, lead(slug) OVER w, lead(title) OVER w
            FROM lessons WHERE status = 'published'
            WINDOW w AS (PARTITION BY skill ORDER BY level_min, title, slug)
            """).decode((Int64, String, Int, String?, String?, String?, String?).self)
        var places: [String: PublishedPlace] = [:]
        for try await (id, slug, revision, ps, pt, ns, nt) in rows {
            places[slug] = PublishedPlace(id: id, revision: revision, previous: ps.flatMap { s in pt.map { (s, $0) } },
                                          next: ns.flatMap { s in nt.map { (s, $0) } })
        }
        return places
    }

    /// Whether the learner has marked the lesson done.
    public func isDone(lessonID: Int64, userID: Int64) async throws -> Bool {
        let rows = try await client.query("SELECT EXISTS (SELECT 1 FROM lesson_progress WHERE lesson_id = \(lessonID) AND user_id = \(userID))")
            .decode(Bool.self)
        for try await done in rows { return done }
        return false
    }

    /// The published lessons that practise each question type (their `questions` blocks' `type:`),
    /// for pointing a learner from a weak type to lessons on it.
    public func lessonsByQuestionType() async throws -> [QuestionType: [(slug: String, title: String)]] {
        let rows = try await client.query("SELECT slug, title, body FROM lessons WHERE status = 'published' ORDER BY level_min, title")
            .decode((String, String, String).self)
        var lessons: [QuestionType: [(slug: String, title: String)]] = [:]
        for try await (slug, title, body) in rows {
            var seen = Set<QuestionType>()
            for match in body.matches(of: /```questions\n(?:[^`]*?\n)?type: *([a-z-]+)/) {
                guard let type = QuestionType(rawValue: String(match.1)), seen.insert(type).inserted else { continue }
                lessons[type, default: []].append((slug, title))
            }
        }
        return lessons
    }
}
