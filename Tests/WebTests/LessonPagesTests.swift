import Content
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
@testable import BandUpWeb

/// The catalogue and lesson pages, on the real curriculum imported into PostgreSQL.
@Suite struct LessonPagesTests {
    static func importCurriculum(_ server: BandUpServer) async throws {
        let root = BandUpProcess.repositoryRoot.appendingPathComponent("Content").path
        let library = LessonLibrary(client: server.backends.postgres)
        for file in ContentCheck(root: root, mediaExists: { _ in true }).lessonFiles() {
            let source = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            _ = try await library.importLesson(try Lesson.parse(source, file: file), source: source)
        }
    }

    @Test func catalogueFiltersAndSearch() async throws {
        try await TestSite.withServer { client, server, _ in
            try await Self.importCurriculum(server)
            let all = try await client.execute(uri: "/lessons", method: .get)
            #expect(all.status == .ok && all.text.contains("<a href=\"/lessons\" aria-current=\"page\">Lessons</a>"))
            #expect(all.text.contains("<a href=\"/lessons/true-false-not-given\">True, False or Not Given?</a>"))
            let reading = try await client.execute(uri: "/lessons?skill=reading", method: .get)
            #expect(reading.text.contains("matching-headings") && !reading.text.contains("describing-trends"))
            let search = try await client.execute(uri: "/lessons?q=headings", method: .get)
            let first = search.text.range(of: "<h2><a href=\"/lessons/")
            #expect(first.map { search.text[$0.upperBound...].hasPrefix("matching-headings") } == true)
            #expect(search.text.contains("<mark>"))
            let hostile = try await client.execute(uri: "/lessons?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", method: .get)
            #expect(hostile.status == .ok && !hostile.text.contains("<script>alert") && hostile.text.contains("&lt;script&gt;"))
            let nothing = try await client.execute(uri: "/lessons?q=zzzqqx&skill=bogus&page=-5", method: .get)
            #expect(nothing.status == .ok && nothing.text.contains("No lessons match"))
        }
    }

    @Test func aLessonPage() async throws {
        try await TestSite.withServer { client, server, _ in
            try await Self.importCurriculum(server)
            let page = try await client.execute(uri: "/lessons/true-false-not-given", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("<title>True, False or Not Given? · BandUp</title>"))
            #expect(page.text.contains("<h1>True, False or Not Given?</h1>"))
            #expect(page.text.contains("<aside class=\"callout callout-tip\" role=\"note\">"))
            #expect(page.text.contains("<a href=\"/lessons/matching-headings\">matching headings</a>"))
            #expect(page.text.contains("Words from this lesson") && page.text.contains("contradict"))
            #expect(try await client.execute(uri: "/lessons/no-such-lesson", method: .get).status == .notFound)
        }
    }

    @Test func learnersMarkLessonsDoneAndSeeTheirProgress() async throws {
        try await TestSite.withServer { client, server, _ in
            try await Self.importCurriculum(server)
            let anonymous = try await client.execute(uri: "/lessons/matching-headings", method: .get)
            #expect(anonymous.text.contains("to keep track of the lessons you have done"))
            #expect(anonymous.text.contains("rel=\"next\"") || anonymous.text.contains("rel=\"prev\""))
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            let page = try await ana.get("/lessons/matching-headings")
            #expect(page.text.contains("action=\"/lessons/matching-headings/done\""))
            let done = try await ana.post("/lessons/matching-headings/done")
            #expect(done.status == .seeOther)
            let after = try await ana.follow(done)
            #expect(after.text.contains("Marked as done.") && after.text.contains("You have done this lesson."))
            let catalogue = try await ana.get("/lessons")
            #expect(catalogue.text.contains("Reading: 1 of 2 done"))
            // Another learner's progress is their own.
            let bo = Browser(client)
            _ = try await bo.signUp(email: "bo@example.com", name: "Bo")
            #expect(try await bo.get("/lessons").text.contains("Reading: 0 of 2 done"))
            #expect(try await bo.post("/lessons/no-such-lesson/done").status == .notFound)
        }
    }
}
