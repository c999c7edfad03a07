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

    @Test func catalogueFiltersByBandAndTopic() async throws {
        try await TestSite.withServer { client, server, _ in
            try await Self.importCurriculum(server)
            let postgres = server.backends.postgres
            // Lessons that suit band 8.0, and those that do not, straight from the table.
            var suits: [String] = [], others: [String] = []
            for try await (slug, low, high) in try await postgres.query("SELECT slug, level_min::float8, level_max::float8 FROM lessons").decode((String, Double, Double).self) {
                if (low...high).contains(8.0) { suits.append(slug) } else { others.append(slug) }
            }
            #expect(!suits.isEmpty && !others.isEmpty)
            let banded = try await client.execute(uri: "/lessons?band=8.0", method: .get)
            #expect(suits.allSatisfy { banded.text.contains("href=\"/lessons/\($0)\"") } && others.allSatisfy { !banded.text.contains("href=\"/lessons/\($0)\"") })
            #expect(banded.text.contains("<option value=\"8.0\" selected>8.0</option>"))
            let topic = try await client.execute(uri: "/lessons?topic=Listening%20test&skill=", method: .get)
            #expect(topic.text.contains("href=\"/lessons/form-completion\"") && !topic.text.contains("href=\"/lessons/matching-headings\""))
            #expect(topic.text.contains("<option value=\"Listening test\" selected>"))
            // Unknown values are ignored rather than refused, and the page says how to widen the search.
            let odd = try await client.execute(uri: "/lessons?band=11&topic=Nothing&skill=cooking", method: .get)
            #expect(odd.status == .ok && odd.text.contains("\(suits.count + others.count) lessons"))
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
            let reading = try await server.backends.postgres.query("SELECT count(*)::int FROM lessons WHERE skill = 'reading'").decode(Int.self).reduce(0) { $1 }
            #expect(reading >= 2)
            let catalogue = try await ana.get("/lessons")
            #expect(catalogue.text.contains("Reading: 1 of \(reading) done"))
            // Another learner's progress is their own.
            let bo = Browser(client)
            _ = try await bo.signUp(email: "bo@example.com", name: "Bo")
            #expect(try await bo.get("/lessons").text.contains("Reading: 0 of \(reading) done"))
            #expect(try await bo.post("/lessons/no-such-lesson/done").status == .notFound)
        }
    }

    static let practiceLesson = """
        ---
        title: Practice page
        slug: practice-page
        skill: reading
        level: 5.0-6.0
        topic: Testing
        summary: Questions answered in place.
        minutes: 5
        ---
        # Practice

        > The first public library in the town opened in 1862.

        ```questions
        type: true-false-not-given
        questions:
          - prompt: The library opened in the nineteenth century.
            answer: TRUE
            explanation: 1862 is in the nineteenth century.
          - prompt: The council paid for the library.
            answer: NOT GIVEN
            explanation: The passage does not say who paid.
        ```

        Between the groups.

        ```questions
        type: sentence-completion
        words: 1
        numbers: true
        questions:
          - prompt: The library opened in ___.
            answer: 1862
            explanation: The first sentence gives the year.
        ```

        ```questions
        type: multiple-choice
        questions:
          - prompt: Which TWO are true?
            choose: 2
            options: [It is public, It opened in 1900, It is in the town, It is closed]
            answer: [A, C]
            explanation: A public library in the town.
        ```
        """

    @Test func practiceQuestionsAreMarkedInPlaceWithoutJavaScript() async throws {
        try await TestSite.withServer { client, server, _ in
            _ = try await LessonLibrary(client: server.backends.postgres).importLesson(try Lesson.parse(Self.practiceLesson, file: "p.md"), source: Self.practiceLesson)
            let visitor = Browser(client)  // anonymous: practice needs no account
            let page = try await visitor.get("/lessons/practice-page")
            #expect(page.text.contains("<section class=\"question-group\" id=\"questions-1\""))
            #expect(page.text.contains("action=\"/lessons/practice-page/check#questions-2\""))
            #expect(page.text.contains("<p>Between the groups.</p>"))
            #expect(page.text.contains("Questions 1-2") && page.text.contains("Question 3") && page.text.contains("Questions 4-5"))
            #expect(!page.text.contains("You scored"))

            let first = try await visitor.post("/lessons/practice-page/check", [("group", "0"), ("q1", "TRUE"), ("q2", "FALSE")])
            #expect(first.status == .ok)
            #expect(first.text.contains("You scored 1 out of 2."))
            #expect(first.text.contains("question question-correct") && first.text.contains("question question-wrong"))
            #expect(first.text.contains("Answer: NOT GIVEN.") && first.text.contains("The passage does not say who paid."))
            #expect(first.text.contains("value=\"FALSE\" checked"))  // the learner's answer stays chosen
            #expect(!first.text.contains("The first sentence gives the year."))  // other groups are not marked

            let written = try await visitor.post("/lessons/practice-page/check", [("group", "1"), ("q3", " one thousand eight hundred and sixty-two ")])
            #expect(written.text.contains("You scored 1 out of 1."))
            let tooLong = try await visitor.post("/lessons/practice-page/check", [("group", "1"), ("q3", "in the year 1862")])
            #expect(tooLong.text.contains("Over the word limit (ONE WORD AND/OR A NUMBER).") && tooLong.text.contains("value=\"in the year 1862\""))
            let two = try await visitor.post("/lessons/practice-page/check", [("group", "2"), ("q4", "A"), ("q4", "B")])
            #expect(two.text.contains("You scored 1 out of 2.") && two.text.contains("Partly right: 1 of 2."))
            let hostile = try await visitor.post("/lessons/practice-page/check", [("group", "1"), ("q3", "<script>alert(1)</script>")])
            #expect(hostile.status == .ok && !hostile.text.contains("<script>alert") && hostile.text.contains("&lt;script&gt;"))

            #expect(try await visitor.post("/lessons/practice-page/check", [("group", "7")]).status == .badRequest)
            #expect(try await visitor.post("/lessons/practice-page/check", [("group", "x")]).status == .badRequest)
            #expect(try await visitor.post("/lessons/no-such-lesson/check", [("group", "0")]).status == .notFound)
            // Without the page's token the answers are refused, as every form is.
            #expect(try await visitor.post("/lessons/practice-page/check", [("group", "0")], csrf: "forged").status == .forbidden)
        }
    }
}
