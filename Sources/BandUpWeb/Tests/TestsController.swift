import Content
import Foundation
import Hummingbird
import Logging
import Practice
import Templates

/// The practice tests: the list (everyone), starting or resuming an attempt (learners), and a
/// finished attempt's result with every answer reviewed.
struct TestsController {
    let pages: PageRenderer
    let backends: Backends
    let tests: ParsedTests
    let clock: WallClock

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("tests") { request, context in try await list(request, context: context) }
    }

    func addLearnerRoutes(to router: some RouterMethods<WebContext>) {
        router.post("tests/:slug/attempts") { request, context in try await start(request, context: context) }
        router.get("tests/attempts/:id/result") { _, context in try await result(context) }
    }

    private func list(_ request: Request, context: WebContext) async throws -> Response {
        let postgres = backends.postgres
        let listings = try await backends.database { _ in try await TestLibrary(client: postgres).all() }
        var mine: [TestAttempt] = []
        if let user = context.user {
            mine = try await ExpiredAttempts(backends: backends, tests: tests, clock: clock)
                .finish(try await backends.database { _ in try await TestAttempts(client: postgres).all(userID: user.id) })
        }
        var groups: [TemplateValue] = []
        for kind in TestKind.allCases {
            let ofKind = listings.filter { $0.kind == kind }
            guard !ofKind.isEmpty else { continue }
            var rows: [TemplateValue] = []
            for listing in ofKind {
                let test = try await tests.test(id: listing.id, revision: listing.revision)
                let open = mine.first { $0.testID == listing.id && !$0.isSubmitted }
                rows.append(.dictionary([
                    "slug": .string(listing.slug), "title": .string(listing.title),
                    "minutes": .int(tests.timeline(test).map { Int(($0.totalSeconds / 60).rounded(.up)) } ?? listing.minutes),
                    "questions": .int(test.totalMarks),
                    "sections": .array(test.sections.enumerated().map { .dictionary(["index": .int($0.offset), "title": .string($0.element.heading.title)]) }),
                    "open": open.map { .string("/tests/attempts/\($0.id.uuidString.lowercased())") } ?? .null,
                    "openMode": open.map { .string($0.mode == .exam ? "exam" : "practice") } ?? .null,
                ]))
            }
            groups.append(.dictionary(["kind": .string(kind.displayName), "tests": .array(rows)]))
        }
        return try pages.render("tests/index.html", [
            "groups": .array(groups),
            "attempts": .array(mine.prefix(20).map(Self.attemptRow)),
        ], context: context, path: "/tests")
    }

    static func attemptRow(_ attempt: TestAttempt) -> TemplateValue {
        let link = "/tests/attempts/\(attempt.id.uuidString.lowercased())"
        return .dictionary([
            "title": .string(attempt.title), "mode": .string(attempt.mode == .exam ? "Exam" : "Practice"),
            "scope": .string(attempt.section.map { "Section \($0 + 1)" } ?? "Whole test"),
            "started": .date(attempt.startedAt), "submitted": .bool(attempt.isSubmitted),
            "href": .string(attempt.isSubmitted ? link + "/result" : link),
            "score": attempt.result.map { .string("\($0.raw)/\($0.outOf)") } ?? .null,
            "band": attempt.result?.band.map { .string($0.description) } ?? .null,
        ])
    }

    /// Starts an attempt, or resumes the unfinished one of the same kind (a reload of the start
    /// form does not leave a trail of empty attempts).
    private func start(_ request: Request, context: WebContext) async throws -> Response {
        guard let user = context.user, let slug = context.parameters.get("slug"), slug.utf8.count <= 100 else { throw HTTPError(.notFound) }
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
        let postgres = backends.postgres
        guard try await backends.database({ _ in try await TestLibrary(client: postgres).find(slug: slug) }) != nil else { throw HTTPError(.notFound) }
        guard let mode = TestAttempt.Mode(rawValue: form.text("mode")) else { throw HTTPError(.badRequest, message: "Choose exam mode or practice.") }
        var section: Int?
        if let text = form["section"], !text.isEmpty {
            guard let index = Int(text) else { throw HTTPError(.badRequest, message: "This test has no such section.") }
            section = index
        }
        let (id, _) = try await begin(userID: user.id, slug: slug, mode: mode, section: section, logger: context.logger)
        return .redirect(to: "/tests/attempts/\(id.uuidString.lowercased())", type: .normal)
    }

    /// The learner's open attempt of this test, mode and section (`resumed`), or a new one; 404
    /// for no such test, 400 for a section it lacks or an exam of one section. Attempts whose time
    /// ran out are scored first, so a new exam never reopens an old one.
    func begin(userID: Int64, slug: String, mode: TestAttempt.Mode, section: Int?, logger: Logger) async throws -> (id: UUID, resumed: Bool) {
        let postgres = backends.postgres
        guard let listing = try await backends.database({ _ in try await TestLibrary(client: postgres).find(slug: slug) }) else { throw HTTPError(.notFound) }
        let test = try await tests.test(id: listing.id, revision: listing.revision)
        if let section, !test.sections.indices.contains(section) { throw HTTPError(.badRequest, message: "This test has no section \(section).") }
        if mode == .exam, section != nil { throw HTTPError(.badRequest, message: "Exam mode is the whole test; practise a single section untimed.") }
        let attempts = TestAttempts(client: postgres), now = clock.now()
        let mine = try await ExpiredAttempts(backends: backends, tests: tests, clock: clock)
            .finish(try await backends.database { _ in try await attempts.all(userID: userID) })
        if let open = mine.first(where: { $0.testID == listing.id && !$0.isSubmitted && $0.mode == mode && $0.section == section && $0.revision == listing.revision }) {
            return (open.id, true)
        }
        let timeline = tests.timeline(test)
        let id = try await backends.database { _ in
            try await attempts.start(userID: userID, test: listing, mode: mode, section: section, timeline: timeline, now: now)
        }
        logger.info("test started", metadata: ["attempt": "\(id)", "test": "\(slug)", "mode": "\(mode.rawValue)"])
        return (id, false)
    }

    private func result(_ context: WebContext) async throws -> Response {
        guard let user = context.user, let text = context.parameters.get("id"), let id = UUID(uuidString: text) else { throw HTTPError(.notFound) }
        let postgres = backends.postgres
        guard let attempt = try await backends.database({ _ in try await TestAttempts(client: postgres).find(id, userID: user.id) }) else {
            throw HTTPError(.notFound)
        }
        guard let result = attempt.result else { return .redirect(to: "/tests/attempts/\(text.lowercased())", type: .normal) }
        let test = try await tests.test(id: attempt.testID, revision: attempt.revision)
        return try pages.render("tests/result.html", ResultPage(attempt: attempt, test: test, result: result, now: clock.now()).values,
                                context: context, path: "/tests")
    }
}
