import Foundation
import PostgresNIO
import TestSupport
import Testing
@testable import Content

/// Lessons imported into a real PostgreSQL, listed and searched.
@Suite struct LessonLibraryTests {
    static func curriculum() throws -> [(Lesson, String)] {
        let root = BandUpProcess.repositoryRoot.appendingPathComponent("Content").path
        let check = ContentCheck(root: root, mediaExists: { _ in true })
        return try check.lessonFiles().map { file in
            let source = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            return (try Lesson.parse(source, file: file), source)
        }
    }

    @Test func importIsIdempotentAndChangesBecomeRevisions() async throws {
        try await PostgresServer.shared.get().withMigratedDatabase { client in
            let library = LessonLibrary(client: client)
            let lessons = try Self.curriculum()
            #expect(lessons.count >= 6)
            for (lesson, source) in lessons { #expect(try await library.importLesson(lesson, source: source) == .created) }
            for (lesson, source) in lessons { #expect(try await library.importLesson(lesson, source: source) == .unchanged) }
            let (first, source) = lessons[0]
            let edited = source + "\nOne more sentence.\n"
            #expect(try await library.importLesson(try Lesson.parse(edited, file: "x.md"), source: edited) == .revised(2))
            #expect(try await library.revisionCount(slug: first.slug) == 2)
            #expect(try await library.published(slug: first.slug)?.source == edited)
            #expect(try await library.published(slug: "no-such-lesson") == nil)
        }
    }

    @Test func catalogueFiltersAndRankedSearch() async throws {
        try await PostgresServer.shared.get().withMigratedDatabase { client in
            let library = LessonLibrary(client: client)
            for (lesson, source) in try Self.curriculum() { _ = try await library.importLesson(lesson, source: source) }
            let all = try await library.catalogue(perPage: 100)
            #expect(all.total == all.lessons.count && all.total >= 6)
            let reading = try await library.catalogue(skill: .reading)
            #expect(!reading.lessons.isEmpty && reading.lessons.allSatisfy { $0.skill == "reading" })
            // A word in one title ranks that lesson first; the snippet marks the match.
            let headings = try await library.catalogue(query: "headings")
            #expect(headings.lessons.first?.slug == "matching-headings")
            #expect(headings.lessons.first?.snippet?.contains("[") == true)
            let collocations = try await library.catalogue(query: "emissions renewable")
            #expect(collocations.lessons.map(\.slug) == ["environment-collocations"])
            #expect(try await library.catalogue(query: "zzzxqv").total == 0)
            let page = try await library.catalogue(page: 2, perPage: 2)
            #expect(page.lessons.count == 2 && page.total == all.total)
        }
    }

    @Test func importLeavesLessonsEditedInTheBrowserAlone() async throws {
        try await PostgresServer.shared.get().withMigratedDatabase { client in
            let library = LessonLibrary(client: client)
            let (lesson, source) = try Self.curriculum()[0]
            #expect(try await library.importLesson(lesson, source: source) == .created)
            let edited = source + "\nA paragraph an editor added.\n"
            try await library.save(try Lesson.parse(edited, file: "x.md"), source: edited, base: .revision(1), authorID: nil, action: .saveDraft)
            let changedFile = source + "\nA paragraph in the file.\n"
            #expect(try await library.importLesson(try Lesson.parse(changedFile, file: "x.md"), source: changedFile) == .editedInBrowser(revision: 2))
            #expect(try await library.head(slug: lesson.slug)?.source == edited)
            #expect(try await library.importLesson(try Lesson.parse(changedFile, file: "x.md"), source: changedFile, overwritingBrowserEdits: true) == .revised(3))
            #expect(try await library.published(slug: lesson.slug)?.revision == 3)
            // An unpublished lesson stays unpublished when the same file is imported again.
            #expect(try await library.unpublish(slug: lesson.slug, authorID: nil))
            #expect(try await library.importLesson(try Lesson.parse(changedFile, file: "x.md"), source: changedFile) == .unchanged)
            #expect(try await library.published(slug: lesson.slug) == nil)
        }
    }
}
