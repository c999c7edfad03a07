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
            let all = try await library.catalogue()
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
}
