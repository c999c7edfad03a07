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
            let snippet = try #require(headings.lessons.first?.snippet)
            #expect(snippet.contains(LessonLibrary.markStart + "headings") || snippet.contains(LessonLibrary.markStart + "Headings"), "\(snippet)")
            #expect(try await library.catalogue(query: "explanation answer").lessons.allSatisfy { lesson in
                !(lesson.snippet ?? "").contains("explanation:") && !(lesson.snippet ?? "").contains("```")
            }, "snippets show the lesson's words, not its Markdown or YAML")
            let collocations = try await library.catalogue(query: "emissions renewable")
            #expect(collocations.lessons.map(\.slug) == ["environment-collocations"])
            #expect(try await library.catalogue(query: "zzzxqv").total == 0)
            let page = try await library.catalogue(page: 2, perPage: 2)
            #expect(page.lessons.count == 2 && page.total == all.total)
        }
    }

    @Test func searchNeverShowsAnswerKeys() async throws {
        try await PostgresServer.shared.get().withMigratedDatabase { client in
            let library = LessonLibrary(client: client)
            let source = """
                ---
                title: Spotting synonyms
                slug: spotting-synonyms
                skill: reading
                level: 5.0-6.0
                topic: Reading strategies
                summary: Paraphrase in the passage.
                minutes: 10
                ---
                # Spotting synonyms

                Questions rarely repeat the **passage's** words; they [paraphrase](https://example.org) them.

                ```callout tip
                Underline the *keyword* in each question.
                ```

                ```questions
                type: short-answer
                instructions: Write ONE WORD ONLY.
                words: 1
                questions:
                  - prompt: What animal does the passage name?
                    answer: quokka
                    explanation: The quokka appears in the second line.
                ```
                """
            _ = try await library.importLesson(try Lesson.parse(source, file: "x.md"), source: source)
            #expect(try await library.catalogue(query: "quokka").total == 0, "a word only in an answer key finds nothing")
            let found = try #require(try await library.catalogue(query: "keyword paraphrase").lessons.first)
            let snippet = try #require(found.snippet)
            #expect(!snippet.contains("**") && !snippet.contains("](") && !snippet.contains("```"), "\(snippet)")
            #expect(snippet.contains(LessonLibrary.markStart + "keyword" + LessonLibrary.markEnd), "\(snippet)")
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
            // ... and when the file changed: a new revision, still off the site.
            let changedAgain = changedFile + "\nAnother paragraph in the file.\n"
            #expect(try await library.importLesson(try Lesson.parse(changedAgain, file: "x.md"), source: changedAgain) == .revisedUnpublished(4))
            #expect(try await library.published(slug: lesson.slug) == nil)
            #expect(try await library.head(slug: lesson.slug)?.source == changedAgain)
        }
    }
}
