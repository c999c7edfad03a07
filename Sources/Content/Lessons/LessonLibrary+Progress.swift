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

    public func isDone(userID: Int64, slug: String) async throws -> Bool {
        let rows = try await client.query("""
            SELECT 1 FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id WHERE p.user_id = \(userID) AND l.slug = \(slug)
            """).decode(Int.self)
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

    /// The lessons before and after this one in its skill (by level, then title): (slug, title) pairs.
    public func neighbours(slug: String) async throws -> (previous: (String, String)?, next: (String, String)?) {
        let rows = try await client.query("""
            WITH ordered AS (
                SELECT slug, title, lag(slug) OVER w AS prev_slug, lag(title) OVER w AS prev_title,
                       lead(slug) OVER w AS next_slug, lead(title) OVER w AS next_title
                FROM lessons WHERE status = 'published' AND skill = (SELECT skill FROM lessons WHERE slug = \(slug))
                WINDOW w AS (ORDER BY level_min, title, slug)
            )
            SELECT prev_slug, prev_title, next_slug, next_title FROM ordered WHERE slug = \(slug)
            """).decode((String?, String?, String?, String?).self)
        for try await (ps, pt, ns, nt) in rows {
            return (ps.flatMap { s in pt.map { (s, $0) } }, ns.flatMap { s in nt.map { (s, $0) } })
        }
        return (nil, nil)
    }
}
