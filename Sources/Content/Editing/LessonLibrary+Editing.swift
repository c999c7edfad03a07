import Crypto
import Foundation
import PostgresNIO

/// The newer revision another editor saved after this edit began: the save is refused and the
/// editor's text is kept (optimistic locking).
public struct EditConflict: Error, Sendable, Equatable {
    public let currentRevision: Int
    public let savedBy: String?
    public let savedAt: Date
}

/// A new lesson whose slug another lesson already has.
public struct SlugTaken: Error, Sendable, Equatable {
    public let slug: String
}

/// Editing lessons in the browser: drafts, publishing, revision history and restores. Every save
/// that changes the text is a new revision with its author and time.
extension LessonLibrary {
    /// A lesson in the editors' list.
    public struct EditorEntry: Sendable, Equatable {
        public let slug: String
        public let title: String
        public let skill: String
        public let isPublished: Bool
        /// Saved revisions newer than the published one (or a lesson never published).
        public let hasUnpublishedChanges: Bool
        public let currentRevision: Int
        public let updatedAt: Date
        public let updatedBy: String?
    }

    public func editorList() async throws -> [EditorEntry] {
        let rows = try await client.query("""
            SELECT l.slug, l.title, l.skill, l.status = 'published', coalesce(l.published_revision <> l.current_revision, true),
                   l.current_revision, l.updated_at, u.display_name
            FROM lessons l LEFT JOIN users u ON u.id = l.updated_by
            ORDER BY l.updated_at DESC, l.slug
            """).decode((String, String, String, Bool, Bool, Int, Date, String?).self)
        var entries: [EditorEntry] = []
        for try await (slug, title, skill, published, changes, revision, at, by) in rows {
            entries.append(EditorEntry(slug: slug, title: title, skill: skill, isPublished: published, hasUnpublishedChanges: changes,
                                       currentRevision: revision, updatedAt: at, updatedBy: by))
        }
        return entries
    }

    /// The newest revision of a lesson: what the editor opens.
    public struct Head: Sendable, Equatable {
        public let source: String
        public let revision: Int
        public let publishedRevision: Int?
        public let updatedAt: Date
        public let updatedBy: String?
    }

    public func head(slug: String) async throws -> Head? {
        let rows = try await client.query("""
            SELECT r.source, l.current_revision, l.published_revision, l.updated_at, u.display_name
            FROM lessons l JOIN lesson_revisions r ON r.lesson_id = l.id AND r.number = l.current_revision
            LEFT JOIN users u ON u.id = l.updated_by WHERE l.slug = \(slug)
            """).decode((String, Int, Int?, Date, String?).self)
        for try await (source, revision, published, at, by) in rows {
            return Head(source: source, revision: revision, publishedRevision: published, updatedAt: at, updatedBy: by)
        }
        return nil
    }

    /// How a save should treat the lesson's publication.
    public enum SaveAction: String, Sendable {
        /// A new revision; learners keep reading the published one.
        case saveDraft = "saved"
        /// A new revision (if the text changed), and learners read it from now on.
        case publish = "published"
        /// An earlier revision's text as a new draft revision.
        case restore = "restored"
        /// `bandup content import`: the file's text, published.
        case imported

        var publishes: Bool { self == .publish || self == .imported }
    }

    /// What the save started from.
    public enum Base: Sendable, Equatable {
        /// A new lesson: its slug must be free.
        case newLesson
        /// The revision the editor opened: a newer one means someone else saved meanwhile.
        case revision(Int)
        /// Whatever is newest (imports from files).
        case newest
    }

    /// What a save did.
    public struct Saved: Sendable, Equatable {
        public let revision: Int
        public let created: Bool
        public let changed: Bool
    }

    /// Saves `source` (already parsed as `lesson`) as the newest revision of `lesson.slug`. If
    /// another save came after `base`, throws ``EditConflict``; a new lesson whose slug exists
    /// throws ``SlugTaken``. Unchanged text adds no revision.
    @discardableResult
    /// `publishing` false keeps an import off the site (the lesson was unpublished).
    public func save(_ lesson: Lesson, source: String, base: Base, authorID: Int64?, action: SaveAction, publishing: Bool = true) async throws -> Saved {
        let checksum = Self.checksum(source)
        let logger = self.logger
        do { return try await client.withTransaction(logger: logger) { connection in
            let existing = try await connection.query("""
                SELECT l.id, l.current_revision, l.published_revision, r.checksum, l.updated_at, u.display_name FROM lessons l
                JOIN lesson_revisions r ON r.lesson_id = l.id AND r.number = l.current_revision
                LEFT JOIN users u ON u.id = l.updated_by
                WHERE l.slug = \(lesson.slug) FOR UPDATE OF l
                """, logger: logger).decode((Int64, Int, Int?, String, Date, String?).self)
            var found: (id: Int64, current: Int, published: Int?, checksum: String, at: Date, by: String?)?
            for try await row in existing { found = row }
            let publish = action.publishes && publishing
            guard let found else {
                if case .revision = base { throw EditConflict(currentRevision: 0, savedBy: nil, savedAt: .now) }
                let rows = try await connection.query("""
                    INSERT INTO lessons (slug, status, published_revision, title, skill, level_min, level_max, topic, summary, minutes, tags, body, search_text, updated_by)
                    VALUES (\(lesson.slug), \(publish ? "published" : "draft"), \(publish ? 1 : nil), \(lesson.title), \(lesson.skill.rawValue),
                            \(lesson.level.lowerBound), \(lesson.level.upperBound), \(lesson.topic), \(lesson.summary), \(lesson.minutes),
                            \(lesson.tags), \(lesson.body), \(MarkdownRenderer.searchText(lesson.body)), \(authorID))
                    RETURNING id
                    """, logger: logger).decode(Int64.self)
                var id: Int64 = 0
                for try await value in rows { id = value }
                try await connection.query("""
                    INSERT INTO lesson_revisions (lesson_id, number, source, checksum, author_id, action)
                    VALUES (\(id), 1, \(source), \(checksum), \(authorID), \(action.rawValue))
                    """, logger: logger)
                return Saved(revision: 1, created: true, changed: true)
            }
            switch base {
            case .newLesson: throw SlugTaken(slug: lesson.slug)
            case .revision(let number) where number != found.current:
                throw EditConflict(currentRevision: found.current, savedBy: found.by, savedAt: found.at)
            default: break
            }
            var revision = found.current
            let changed = found.checksum != checksum
            if changed {
                revision += 1
                try await connection.query("""
                    INSERT INTO lesson_revisions (lesson_id, number, source, checksum, author_id, action)
                    VALUES (\(found.id), \(revision), \(source), \(checksum), \(authorID), \(action.rawValue))
                    """, logger: logger)
            } else if !publish || found.published == found.current || action == .imported {
                return Saved(revision: revision, created: false, changed: false)
            }
            // The row's fields follow what learners read: the published revision, or the newest while never published.
            if publish || found.published == nil {
                try await connection.query("""
                    UPDATE lessons SET title = \(lesson.title), skill = \(lesson.skill.rawValue), level_min = \(lesson.level.lowerBound),
                        level_max = \(lesson.level.upperBound), topic = \(lesson.topic), summary = \(lesson.summary), minutes = \(lesson.minutes),
                        tags = \(lesson.tags), body = \(lesson.body), search_text = \(MarkdownRenderer.searchText(lesson.body))
                    WHERE id = \(found.id)
                    """, logger: logger)
            }
            try await connection.query("""
                UPDATE lessons SET current_revision = \(revision), updated_at = now(), updated_by = \(authorID),
                    status = CASE WHEN \(publish) THEN 'published' ELSE status END,
                    published_revision = CASE WHEN \(publish) THEN \(revision) ELSE published_revision END
                WHERE id = \(found.id)
                """, logger: logger)
            return Saved(revision: revision, created: false, changed: changed)
        } } catch {
            throw Self.unwrapped(error)
        }
    }

    /// PostgresNIO wraps what a transaction's body throws; ``EditConflict`` and ``SlugTaken``
    /// reach the caller as themselves.
    static func unwrapped(_ error: any Error) -> any Error {
        guard let wrapped = error as? PostgresTransactionError, wrapped.rollbackError == nil, let inner = wrapped.closureError else { return error }
        return inner
    }

    static func checksum(_ source: String) -> String {
        SHA256.hash(data: Data(source.utf8)).map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined()
    }

    /// Takes a lesson off the site (it stays in the editor); false when there is no such lesson.
    public func unpublish(slug: String, authorID: Int64?) async throws -> Bool {
        let rows = try await client.query("""
            UPDATE lessons SET status = 'draft', published_revision = NULL, updated_at = now(), updated_by = \(authorID)
            WHERE slug = \(slug) RETURNING id
            """).decode(Int64.self)
        for try await _ in rows { return true }
        return false
    }

    /// One entry of a lesson's history.
    public struct RevisionEntry: Sendable, Equatable {
        public let number: Int
        public let author: String?
        public let createdAt: Date
        public let action: String
        public let isPublished: Bool
        public let isCurrent: Bool
        public let lines: Int
    }

    /// A lesson's revisions, newest first.
    public func revisions(slug: String) async throws -> [RevisionEntry] {
        let rows = try await client.query("""
            SELECT r.number, u.display_name, r.created_at, r.action, r.number = l.published_revision, r.number = l.current_revision,
                   array_length(string_to_array(r.source, E'\\n'), 1)
            FROM lesson_revisions r JOIN lessons l ON l.id = r.lesson_id LEFT JOIN users u ON u.id = r.author_id
            WHERE l.slug = \(slug) ORDER BY r.number DESC
            """).decode((Int, String?, Date, String, Bool?, Bool, Int?).self)
        var entries: [RevisionEntry] = []
        for try await (number, author, at, action, published, current, lines) in rows {
            entries.append(RevisionEntry(number: number, author: author, createdAt: at, action: action, isPublished: published ?? false,
                                         isCurrent: current, lines: lines ?? 0))
        }
        return entries
    }

    /// The text of one revision.
    public func revision(slug: String, number: Int) async throws -> String? {
        let rows = try await client.query("""
            SELECT r.source FROM lesson_revisions r JOIN lessons l ON l.id = r.lesson_id WHERE l.slug = \(slug) AND r.number = \(number)
            """).decode(String.self)
        for try await source in rows { return source }
        return nil
    }
}
