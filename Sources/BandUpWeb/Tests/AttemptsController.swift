import Content
import Foundation
import Hummingbird
import Practice
import Templates

/// Taking a test: one section per page (passage beside the questions), answers saved on every
/// move and autosaved by the page's script, the server's deadline in exam mode, a review of
/// unanswered and flagged questions, and a submission that scores once.
struct AttemptsController {
    let pages: PageRenderer
    let backends: Backends
    let tests: ParsedTests
    let clock: WallClock

    var attempts: TestAttempts { TestAttempts(client: backends.postgres) }

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("tests/attempts/:id") { request, context in try await page(request, context: context) }
        router.post("tests/attempts/:id/answers") { request, context in try await save(request, context: context) }
        router.post("tests/attempts/:id/recording") { request, context in try await startRecording(request, context: context) }
        router.get("tests/attempts/:id/review") { request, context in try await review(request, context: context) }
        router.post("tests/attempts/:id/submit") { _, context in
            let (attempt, test) = try await load(context)
            return Response.redirect(to: try await submit(attempt, test, context: context), type: .normal)
        }
    }

    /// The learner's attempt and its test revision; 404 for anyone else's.
    func load(_ context: WebContext) async throws -> (TestAttempt, PracticeTest) {
        guard let user = context.user, let text = context.parameters.get("id"), let id = UUID(uuidString: text) else { throw HTTPError(.notFound) }
        let attempts = attempts
        guard let attempt = try await backends.database({ _ in try await attempts.find(id, userID: user.id) }) else { throw HTTPError(.notFound) }
        return (attempt, try await tests.test(id: attempt.testID, revision: attempt.revision))
    }

    /// Scores the attempt (once) and says where its result is.
    func submit(_ attempt: TestAttempt, _ test: PracticeTest, context: WebContext) async throws -> String {
        let attempts = attempts, now = clock.now(), section = attempt.section
        _ = try await backends.database { _ in
            try await attempts.submit(attempt.id, userID: attempt.userID, now: now) { test.score($0, section: section) }
        }
        context.logger.info("test submitted", metadata: ["attempt": "\(attempt.id)", "test": "\(attempt.slug)"])
        return "/tests/attempts/\(attempt.id.uuidString.lowercased())/result"
    }

    /// Whether the exam's time (and the grace for a last save) is over.
    func isOver(_ attempt: TestAttempt) -> Bool {
        attempt.deadline.map { clock.now() > $0.addingTimeInterval(TestAttempts.grace) } ?? false
    }

    /// The sections this attempt covers: all, or the one practised.
    static func sections(_ attempt: TestAttempt, _ test: PracticeTest) -> [Int] {
        attempt.section.map { [$0] } ?? Array(test.sections.indices)
    }

    private func page(_ request: Request, context: WebContext) async throws -> Response {
        let (attempt, test) = try await load(context)
        if attempt.isSubmitted || isOver(attempt) {
            return .redirect(to: try await submit(attempt, test, context: context), type: .normal)
        }
        let covered = Self.sections(attempt, test)
        let asked = request.uri.queryParameters.get("section", as: Int.self) ?? attempt.currentSection
        let index = covered.contains(asked) ? asked : covered[0]
        let page = AttemptPage(attempt: attempt, test: test, section: index, sections: covered, now: clock.now(),
                               timeline: attempt.mode == .exam && attempt.section == nil ? tests.timeline(test) : nil)
        return try pages.render("tests/attempt.html", page.values, context: context, path: "/tests")
    }

    /// Saves one section's answers and flags (a form post, or the page's autosave), then goes
    /// where the learner asked: another section, the review, or (autosave) nowhere.
    private func save(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let (attempt, test) = try await load(context)
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 256 * 1024)))
        let wantsJSON = request.headers[.accept]?.contains("application/json") == true
        let covered = Self.sections(attempt, test)
        guard let section = form["section"].flatMap({ Int($0) }), covered.contains(section) else {
            throw HTTPError(.badRequest, message: "These answers are for a part of the test this attempt does not cover. Reload the page.")
        }
        let numbers = test.questionNumbers(inSection: section)
        let answers = Dictionary(uniqueKeysWithValues: numbers.map { number in (number, form.all("q\(number)").prefix(26).map { String($0.prefix(200)) }) })
        let flags = Set(form.all("flag").compactMap { Int($0) }.filter(numbers.contains))
        let highlights = form["highlights"].flatMap { Self.ranges($0) }.map { (section: section, ranges: $0) }
        let go = form.text("go")
        let next = go.hasPrefix("section-") ? Int(go.dropFirst("section-".count)).flatMap { covered.contains($0) ? $0 : nil } : nil
        let attempts = attempts, now = clock.now()
        do {
            try await backends.database { _ in
                try await attempts.save(attempt.id, userID: attempt.userID, numbers: numbers, answers: answers, flags: flags,
                                        highlights: highlights, currentSection: next ?? section, now: now)
            }
        } catch is AttemptClosed {
            // Time is up (or another tab submitted): score what was saved in time.
            let result = try await submit(attempt, test, context: context)
            return wantsJSON ? Response.json(["closed": true, "result": result]) : .redirect(to: result, type: .normal)
        }
        if wantsJSON {
            var answer: [String: Any] = ["saved": true]
            if let deadline = attempt.deadline { answer["remaining"] = max(0, Int(deadline.timeIntervalSince(now))) }
            return Response.json(answer)
        }
        let base = "/tests/attempts/\(attempt.id.uuidString.lowercased())"
        if go == "review" { return .redirect(to: base + "/review", type: .normal) }
        if go == "submit" { return .redirect(to: try await submit(attempt, test, context: context), type: .normal) }
        return .redirect(to: base + "?section=\(next ?? section)", type: .normal)
    }

    /// Starts an exam's Listening recording (once; the deadline becomes the end of its timeline).
    /// The page's script gets how long ago it started; a form post goes back to the page.
    private func startRecording(_ request: Request, context: WebContext) async throws -> Response {
        let (attempt, test) = try await load(context)
        guard attempt.mode == .exam, attempt.section == nil, let timeline = tests.timeline(test) else {
            throw HTTPError(.badRequest, message: "Only an exam-mode Listening test has one recording to start.")
        }
        let attempts = attempts, now = clock.now()
        let started = try await backends.database { _ in try await attempts.startRecording(attempt.id, userID: attempt.userID, timeline: timeline, now: now) }
        let base = "/tests/attempts/\(attempt.id.uuidString.lowercased())"
        guard let started else {
            let result = try await submit(attempt, test, context: context)
            return request.headers[.accept]?.contains("application/json") == true ? Response.json(["closed": true, "result": result]) : .redirect(to: result, type: .normal)
        }
        if attempt.recordingStartedAt == nil { context.logger.info("listening recording started", metadata: ["attempt": "\(attempt.id)"]) }
        guard request.headers[.accept]?.contains("application/json") == true else { return .redirect(to: base + "?section=\(attempt.currentSection)", type: .normal) }
        return Response.json(["elapsed": now.timeIntervalSince(started), "remaining": max(0, started.addingTimeInterval(timeline.totalSeconds.rounded(.up)).timeIntervalSince(now))])
    }

    private func review(_ request: Request, context: WebContext) async throws -> Response {
        let (attempt, test) = try await load(context)
        if attempt.isSubmitted || isOver(attempt) {
            return .redirect(to: try await submit(attempt, test, context: context), type: .normal)
        }
        let page = AttemptPage(attempt: attempt, test: test, section: attempt.currentSection, sections: Self.sections(attempt, test), now: clock.now())
        return try pages.render("tests/review.html", page.reviewValues, context: context, path: "/tests")
    }

    /// `[[3, 17], [40, 52]]` from the page's script: at most 200 ranges of sane offsets.
    static func ranges(_ json: String) -> [[Int]]? {
        guard json.utf8.count <= 16 * 1024, let ranges = try? JSONDecoder().decode([[Int]].self, from: Data(json.utf8)) else { return nil }
        return Array(ranges.filter { $0.count == 2 && $0[0] >= 0 && $0[1] > $0[0] && $0[1] < 1_000_000 }.prefix(200))
    }
}
