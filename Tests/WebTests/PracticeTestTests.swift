import Content
import Foundation
import Practice
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
@testable import BandUpWeb

/// Sitting practice tests: exam mode on the server's clock, autosave and resume, idempotent
/// submission, results, the dashboard, and one learner never reaching another's attempt.
@Suite struct PracticeTestTests {
    static func importFixture(_ server: BandUpServer, kind: String = "academic-reading") async throws {
        let source = PracticeTestFixture.markdown(kind: kind)
        let test = try PracticeTest.parse(source, file: "fixture.md", renderer: MarkdownRenderer(resolveMedia: { "/media/" + $0 }))
        #expect(test.problems(file: "fixture.md").isEmpty, "\(test.problems(file: "fixture.md"))")
        _ = try await TestLibrary(client: server.backends.postgres).importTest(test, source: source)
    }

    /// Starts an attempt and returns its path.
    static func start(_ browser: Browser, mode: String, section: String? = nil) async throws -> String {
        _ = try await browser.get("/tests")
        let started = try await browser.post("/tests/fixture-test/attempts", [("mode", mode)] + (section.map { [("section", $0)] } ?? []))
        #expect(started.status == .seeOther)
        return try #require(started.headers[.location])
    }

    /// Every answer right in section 1 (questions 1-13) and section 2 (14-26); section 3 left as it is.
    static let rightAnswers: [(String, String)] = (1...13).map { ("q\($0)", $0 % 2 == 1 ? "TRUE" : "FALSE") }

    @Test func anExamRunsOnTheServersClockAndSubmitsItselfAtTheDeadline() async throws {
        let clock = WallClock.Manual(Date(timeIntervalSince1970: 1_800_000_000))
        try await TestSite.withServer(clock: .manual(clock)) { client, server, _ in
            try await Self.importFixture(server)
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            let path = try await Self.start(ana, mode: "exam")
            let page = try await ana.get(path)
            #expect(page.status == .ok && page.text.contains("data-remaining=\"3600\"") && page.text.contains("Time left: <span class=\"timer-value\">1:00:00</span>"))
            #expect(page.text.contains("The river town 1") && page.text.contains("name=\"q13\""))
            // Starting again resumes the same attempt rather than opening another.
            #expect(try await Self.start(ana, mode: "exam") == path)

            let saved = try await ana.post(path + "/answers", [("section", "0"), ("go", "section-1")] + Self.rightAnswers + [("flag", "5")])
            #expect(saved.status == .seeOther && saved.headers[.location] == path + "?section=1")
            let second = try await ana.follow(saved)
            #expect(second.text.contains("class=\"nav-q answered\" data-number=\"1\"") && second.text.contains("class=\"nav-q answered flagged\" data-number=\"5\""))
            #expect(second.text.contains("name=\"q14\""))

            clock.advance(by: 30 * 60)
            let json = try await client.execute(uri: path + "/answers", method: .post, headers: Self.fetchHeaders(ana),
                                                body: ByteBuffer(string: "_csrf=\(ana.lastCSRF)&section=1&q14=river&q15=lake"))
            #expect(json.status == .ok && String(buffer: json.body).contains("\"remaining\":1800"))

            // Past the deadline (and its grace) nothing more is saved, and the attempt is scored.
            clock.advance(by: 30 * 60 + TestAttempts.grace + 1)
            let late = try await ana.post(path + "/answers", [("section", "1"), ("q16", "river"), ("go", "review")])
            #expect(late.status == .seeOther && late.headers[.location] == path + "/result")
            let result = try await ana.follow(late)
            // 13 right in section 1, q14 right, q15 wrong, q16 came too late: 14 of 40.
            #expect(result.text.contains("14 out of 40 correct, in exam mode."), "\(result.text.prefix(3000))")
            #expect(result.text.contains("<span class=\"band-label\">Band</span> <span class=\"band-value\">4.5</span>"))  // Academic: 13-14 → 4.5
            #expect(result.text.contains("Time used: 1:00:00."))
            #expect(try await ana.get(path).headers[.location] == path + "/result")

            // An exam left open past its deadline is scored when the learner next looks at their attempts.
            let another = try await Self.start(ana, mode: "exam")
            #expect(another != path)
            _ = try await ana.post(another + "/answers", [("section", "0"), ("q1", "TRUE")])
            clock.advance(by: 2 * 3600)
            let list = try await ana.get("/tests")
            #expect(!list.text.contains("in progress") && list.text.contains("1/40"))
        }
    }

    @Test func anExamListeningTestIsOneRecordingOnTheServersClock() async throws {
        let clock = WallClock.Manual(Date(timeIntervalSince1970: 1_800_000_000))
        try await TestSite.withServer(clock: .manual(clock)) { client, server, _ in
            try await Self.importFixture(server, kind: "listening")
            let part = try #require(server.assets.entry("audio/lessons/form-completion.mp3")?.seconds, "the manifest knows the recording's length")
            let timeline = ListeningTimeline(parts: [part, part, part, part])
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            let path = try await Self.start(ana, mode: "exam")
            let page = try await ana.get(path)
            // Time to get ready, then the whole timeline; the recording is started by the learner.
            let ready = Int((timeline.totalSeconds + TestAttempts.listeningGetReady).rounded(.up))
            #expect(page.text.contains("data-remaining=\"\(ready)\""), "\(page.text.prefix(2000))")
            #expect(page.text.contains("Start the recording") && page.text.contains("data-elapsed=\"\""))
            #expect(!page.text.contains("<audio controls preload=\"none\" src=") || page.text.contains("<noscript><audio"), "no seekable player in exam mode")

            clock.advance(by: 60)  // reading the instructions
            let started = try await client.execute(uri: path + "/recording", method: .post, headers: Self.fetchHeaders(ana),
                                                   body: ByteBuffer(string: "_csrf=\(ana.lastCSRF)"))
            let total = Int(timeline.totalSeconds.rounded(.up))
            #expect(started.status == .ok && String(buffer: started.body).contains("\"elapsed\":0") && String(buffer: started.body).contains("\"remaining\":\(total)"),
                    "\(String(buffer: started.body))")

            // 40 seconds into Part 2, on any section's page (another device too): the same moment.
            clock.advance(by: timeline.start(of: 1) + 40)
            let phone = Browser(client)
            _ = try await phone.signIn(email: "ana@example.com")
            let later = try await phone.get(path + "?section=3")
            #expect(later.text.contains("Part 2 is playing.") && later.text.contains("data-elapsed=\"\(String(format: "%.1f", timeline.start(of: 1) + 40))\""),
                    "\(later.text.prefix(3000))")
            #expect(later.text.contains("data-remaining=\"\(Int(Double(total) - timeline.start(of: 1) - 40))\""))
            // Starting again changes nothing: the recording is not replayed and the deadline stays.
            let again = try await client.execute(uri: path + "/recording", method: .post, headers: Self.fetchHeaders(ana),
                                                 body: ByteBuffer(string: "_csrf=\(ana.lastCSRF)"))
            #expect(String(buffer: again.body).contains("\"elapsed\":\(String(Int(timeline.start(of: 1) + 40)))"), "\(String(buffer: again.body))")

            // After the last part: time to check; then the attempt is scored.
            clock.advance(by: timeline.start(of: 3) + part - timeline.start(of: 1) - 40 + 30)
            #expect(try await ana.get(path).text.contains("The recording has finished. Check your answers: 1:30 left."))
            clock.advance(by: 90 + TestAttempts.grace + 1)
            #expect(try await ana.get(path).headers[.location] == path + "/result")

            // Practice mode: each part has its own player, with controls.
            let practice = try await Self.start(ana, mode: "practice")
            let practicePage = try await ana.get(practice)
            #expect(practicePage.text.contains("<audio controls preload=\"none\" src=") && !practicePage.text.contains("Start the recording"))
        }
    }

    @Test func submittingTwiceScoresOnceAndAnotherDeviceResumes() async throws {
        try await TestSite.withServer { client, server, _ in
            try await Self.importFixture(server)
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            let path = try await Self.start(ana, mode: "practice")
            _ = try await ana.get(path)
            _ = try await ana.post(path + "/answers", [("section", "0"), ("go", "section-2")] + Self.rightAnswers)

            // Another device, the same learner: the answers and the place are there.
            let phone = Browser(client)
            _ = try await phone.signIn(email: "ana@example.com")
            let resumed = try await phone.get(path + "?section=0")
            #expect(resumed.text.contains("value=\"TRUE\" checked") && resumed.text.contains("value=\"FALSE\" checked"))
            #expect(try await phone.get(path).text.contains("Reading Passage 3</h1>"))  // where the learner was going

            let review = try await ana.get(path + "/review")
            #expect(review.text.contains("27 questions not answered.") && review.text.contains("14, 15, 16"))
            let first = try await ana.post(path + "/submit")
            let second = try await phone.post(path + "/submit", csrf: phone.lastCSRF)
            #expect(first.headers[.location] == path + "/result" && second.headers[.location] == path + "/result")
            let rows = try await server.backends.postgres.query("SELECT count(*)::int, min(submitted_at) = max(submitted_at) FROM test_attempts WHERE submitted_at IS NOT NULL")
                .decode((Int, Bool).self)
            for try await (count, same) in rows { #expect(count == 1 && same) }
            let result = try await ana.get(path + "/result")
            #expect(result.text.contains("13 out of 40 correct, in practice."))
            #expect(result.text.contains("True / False / Not Given</th><td>13 / 13</td>"))
            #expect(result.text.contains("Your answer: (no answer).") && result.text.contains("The answer: river."))
            #expect(result.text.contains("<blockquote class=\"evidence\">leaves at noon</blockquote>"))
            // After submitting, answers can no longer change.
            let after = try await ana.post(path + "/answers", [("section", "1"), ("q14", "river")])
            #expect(after.headers[.location] == path + "/result")
            #expect(try await ana.get(path + "/result").text.contains("13 out of 40 correct"))
        }
    }

    @Test func oneSectionGivesAScoreNotABand() async throws {
        try await TestSite.withServer { client, server, _ in
            try await Self.importFixture(server)
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            let path = try await Self.start(ana, mode: "practice", section: "1")
            let page = try await ana.get(path)
            #expect(page.text.contains("Reading Passage 2</h1>") && !page.text.contains("class=\"section-tabs\""))
            _ = try await ana.post(path + "/answers", [("section", "1")] + (14...20).map { ("q\($0)", "river") })
            #expect(try await ana.post(path + "/answers", [("section", "0"), ("q1", "TRUE")]).status == .badRequest)
            let result = try await ana.follow(try await ana.post(path + "/submit"))
            #expect(result.text.contains("<span class=\"band-value\">54%</span>") && result.text.contains("7 out of 13 correct on Reading Passage 2"))
            #expect(!result.text.contains("Band</span>"))
            let exam = try await ana.post("/tests/fixture-test/attempts", [("mode", "exam"), ("section", "1")])
            #expect(exam.status == .badRequest)
        }
    }

    @Test func aLearnerCannotSeeOrChangeAnothersAttempt() async throws {
        try await TestSite.withServer { client, server, _ in
            try await Self.importFixture(server)
            let ana = Browser(client), bo = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            _ = try await bo.signUp(email: "bo@example.com", name: "Bo")
            let path = try await Self.start(ana, mode: "practice")
            _ = try await bo.get("/tests")
            #expect(try await bo.get(path).status == .notFound)
            #expect(try await bo.get(path + "/review").status == .notFound)
            #expect(try await bo.get(path + "/result").status == .notFound)
            #expect(try await bo.post(path + "/answers", [("section", "0"), ("q1", "FALSE")]).status == .notFound)
            #expect(try await bo.post(path + "/submit").status == .notFound)
            #expect(try await bo.get("/tests/attempts/not-a-uuid").status == .notFound)
            let anonymous = try await client.execute(uri: path, method: .get)
            #expect(anonymous.status == .seeOther)
            // Ana's attempt is untouched.
            #expect(try await ana.get(path + "?section=0").status == .ok)
            #expect(try await ana.get(path + "/review").text.contains("40 questions not answered."))
        }
    }

    @Test func theDashboardShowsBandsChartsAndWeakTypes() async throws {
        try await TestSite.withServer { client, server, _ in
            try await Self.importFixture(server)
            _ = try await LessonLibrary(client: server.backends.postgres).importLesson(try Lesson.parse(LessonPagesTests.practiceLesson, file: "p.md"),
                                                                                     source: LessonPagesTests.practiceLesson)
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            #expect(try await ana.get("/dashboard").text.contains("Sit your first practice test."))
            for answers in [Self.rightAnswers, Self.rightAnswers + (14...26).map { ("q\($0)", "river") }] {
                let path = try await Self.start(ana, mode: "practice")
                _ = try await ana.get(path)
                _ = try await ana.post(path + "/answers", [("section", "0")] + answers.filter { Int($0.0.dropFirst())! <= 13 })
                _ = try await ana.post(path + "/answers", [("section", "1")] + answers.filter { Int($0.0.dropFirst())! > 13 })
                _ = try await ana.post(path + "/submit")
            }
            let dashboard = try await ana.get("/dashboard")
            #expect(dashboard.status == .ok)
            // 13/40 → 4.5 (Academic), then 26/40 → 6.0: latest 6.0, best 6.0, a line through both.
            #expect(dashboard.text.contains("<span class=\"band-value\">6.0</span> latest · best 6.0 · 2 tests"))
            #expect(dashboard.text.contains("<polyline class=\"band-line\" points=\""))
            #expect(dashboard.text.contains("<title id=\"chart-reading-title\">Reading band history</title>"))
            #expect(dashboard.text.contains("2 bands from 4.5 to 6.0; best 6.0."))
            #expect(dashboard.text.contains("estimated overall from Reading"))
            #expect(dashboard.text.contains("<span class=\"fact-value\">1</span> <span class=\"fact-label\">day in a row</span>"))
            #expect(dashboard.text.contains("Your weakest: Multiple choice"))
            // The weak type links to the lesson that practises it.
            #expect(dashboard.text.contains("<a href=\"/lessons/practice-page\">Practice page</a>"))
        }
    }

    static func fetchHeaders(_ browser: Browser) -> HTTPFields {
        [.contentType: "application/x-www-form-urlencoded", .accept: "application/json", .origin: Browser.origin,
         .cookie: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }
}
