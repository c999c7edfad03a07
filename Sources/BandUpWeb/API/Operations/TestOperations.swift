import API
import Content
import Foundation
import Hummingbird
import Practice

/// Practice tests over the API: the list, starting (or resuming) an attempt, saving answers,
/// submitting, and the result question by question, with the same rules as the test pages
/// (the server's deadline, scoring once, expired exams scored with what was saved in time).
struct TestOperations {
    let backends: Backends
    let tests: ParsedTests
    let starts: TestsController
    let clock: WallClock

    var handlers: [String: APIHandler] {
        ["listTests": list, "startAttempt": start, "listAttempts": attempts, "getAttempt": attempt, "saveAnswers": save,
         "submitAttempt": submit, "getAttemptResult": result]
    }

    var store: TestAttempts { TestAttempts(client: backends.postgres) }

    func list(_ call: APICall) async throws -> Response {
        let postgres = backends.postgres
        let listings = try await backends.database { _ in try await TestLibrary(client: postgres).all() }
        var rows: [JSONValue] = []
        for listing in listings {
            let test = try await tests.test(id: listing.id, revision: listing.revision)
            rows.append(.object([
                ("slug", .string(listing.slug)), ("title", .string(listing.title)), ("kind", .string(listing.kind.rawValue)),
                ("minutes", .int(Int64(tests.timeline(test).map { Int(($0.totalSeconds / 60).rounded(.up)) } ?? listing.minutes))),
                ("questions", .int(Int64(test.totalMarks))),
                ("sections", .array(test.sections.enumerated().map { index, section in
                    .object([("index", .int(Int64(index))), ("title", .string(section.heading.title)),
                             ("questions", .array(test.questionNumbers(inSection: index).map { .int(Int64($0)) }))])
                })),
            ]))
        }
        return APIResponse.json(["tests": .array(rows)])
    }

    func start(_ call: APICall) async throws -> Response {
        let user = try call.user, body = call.json
        guard let mode = body["mode"]?.string.flatMap(TestAttempt.Mode.init(rawValue:)) else { throw Problem(.validation, "Choose exam or practice.") }
        let (id, resumed) = try await starts.begin(userID: user.id, slug: call.parameter("slug"), mode: mode, section: body["section"]?.int.map { Int($0) },
                                                   logger: call.logger)
        let value = try await attemptValue(try await load(id, userID: user.id))
        return resumed ? APIResponse.json(value) : APIResponse.created(value, at: "/api/v1/attempts/\(id.uuidString.lowercased())")
    }

    func attempts(_ call: APICall) async throws -> Response {
        let user = try call.user, store = store, offset = call.offset
        let all = try await ExpiredAttempts(backends: backends, tests: tests, clock: clock)
            .finish(try await backends.database { _ in try await store.all(userID: user.id) })
        var page: [JSONValue] = []
        for attempt in all.dropFirst(offset).prefix(call.limit) { page.append(try await attemptValue(attempt)) }
        return APIResponse.json(["attempts": .array(page), "nextCursor": .text(APICall.nextCursor(after: offset + page.count, of: all.count))])
    }

    func attempt(_ call: APICall) async throws -> Response {
        APIResponse.json(try await attemptValue(try await current(call)))
    }

    func save(_ call: APICall) async throws -> Response {
        let attempt = try await current(call)
        guard !attempt.isSubmitted else { throw Problem(.attemptClosed, "This attempt was submitted; its answers can no longer change.") }
        let test = try await tests.test(id: attempt.testID, revision: attempt.revision)
        let covered = AttemptsController.sections(attempt, test)
        let known = Set(covered.flatMap { test.questionNumbers(inSection: $0) })
        var answers: [Int: [String]] = [:]
        var unknown: [SchemaProblem] = []
        for (key, value) in call.json["answers"]?.members ?? [] {
            guard let number = Int(key), known.contains(number) else {
                unknown.append(SchemaProblem(field: "/answers/\(key)", message: "is not a question of this attempt"))
                continue
            }
            answers[number] = (value.array ?? []).compactMap(\.string)
        }
        if !unknown.isEmpty { throw Problem(.unprocessable, "Some answers are for questions this attempt does not have.", errors: unknown) }
        let flags = Set((call.json["flags"]?.array ?? []).compactMap { $0.int.map { Int($0) } })
        let numbers = answers.keys.sorted(), sent = answers, store = store, now = clock.now()
        do {
            try await backends.database { _ in
                try await store.save(attempt.id, userID: attempt.userID, numbers: numbers, answers: sent, flags: flags, highlights: nil,
                                     currentSection: attempt.currentSection, now: now)
            }
        } catch is AttemptClosed {
            _ = try await score(attempt, test)
            throw Problem(.attemptClosed, "The exam's time is up, so it was scored with the answers saved in time. Read the result at /api/v1/attempts/\(attempt.id.uuidString.lowercased())/result.")
        }
        let remaining = attempt.deadline.map { JSONValue.int(Int64(max(0, Int($0.timeIntervalSince(now))))) } ?? .null
        return APIResponse.json(["saved": .int(Int64(numbers.count)), "remainingSeconds": remaining])
    }

    func submit(_ call: APICall) async throws -> Response {
        let attempt = try await current(call)
        let test = try await tests.test(id: attempt.testID, revision: attempt.revision)
        return APIResponse.json(try resultValue(try await score(attempt, test), test))
    }

    func result(_ call: APICall) async throws -> Response {
        let attempt = try await current(call)
        guard attempt.isSubmitted else { throw Problem(.conflict, "This attempt has not been submitted yet; submit it to see its result.") }
        return APIResponse.json(try resultValue(attempt, try await tests.test(id: attempt.testID, revision: attempt.revision)))
    }

    /// The learner's attempt, an exam past its time scored first; 404 for anyone else's.
    private func current(_ call: APICall) async throws -> TestAttempt {
        let user = try call.user
        let attempt = try await load(try call.uuid("id"), userID: user.id)
        return try await ExpiredAttempts(backends: backends, tests: tests, clock: clock).finish([attempt]).first ?? attempt
    }

    private func load(_ id: UUID, userID: Int64) async throws -> TestAttempt {
        let store = store
        guard let attempt = try await backends.database({ _ in try await store.find(id, userID: userID) }) else {
            throw Problem(.notFound, "You have no attempt with this id.")
        }
        return attempt
    }

    /// Scores the attempt once and returns it submitted.
    private func score(_ attempt: TestAttempt, _ test: PracticeTest) async throws -> TestAttempt {
        let store = store, now = clock.now(), section = attempt.section
        let scored = try await backends.database { _ in try await store.submit(attempt.id, userID: attempt.userID, now: now) { test.score($0, section: section) } }
        return scored ?? attempt
    }

    private func attemptValue(_ attempt: TestAttempt) async throws -> JSONValue {
        let test = try await tests.test(id: attempt.testID, revision: attempt.revision)
        return .object([
            ("id", .string(attempt.id.uuidString.lowercased())), ("test", .string(attempt.slug)), ("title", .string(attempt.title)),
            ("mode", .string(attempt.mode.rawValue)), ("section", .optional(attempt.section) { .int(Int64($0)) }),
            ("startedAt", .date(attempt.startedAt)), ("deadline", .date(attempt.deadline)), ("submitted", .bool(attempt.isSubmitted)),
            ("sections", .array(AttemptsController.sections(attempt, test).map { .int(Int64($0)) })),
            ("answers", .object(attempt.answers.sorted { $0.key < $1.key }.map { (String($0.key), .array($0.value.map { .string($0) })) })),
            ("flags", .array(attempt.flags.sorted().map { .int(Int64($0)) })),
        ])
    }

    private func resultValue(_ attempt: TestAttempt, _ test: PracticeTest) throws -> JSONValue {
        guard let result = attempt.result else { throw Problem(.conflict, "This attempt has not been scored yet.") }
        var questions: [JSONValue] = []
        for (index, section) in test.sections.enumerated() where attempt.section == nil || attempt.section == index {
            for group in section.groups {
                for (question, mark) in zip(group.questions, group.mark(answers: attempt.answers)) {
                    questions.append(.object([
                        ("number", .int(Int64(question.number))), ("type", .string(group.type.rawValue)),
                        ("answers", .array((attempt.answers[question.number] ?? []).map { .string($0) })),
                        ("correct", .bool(mark.marks == mark.outOf)), ("key", .string(ResultPage.key(question, in: group))),
                        ("explanation", .text(question.explanation.isEmpty ? nil : question.explanation)),
                    ]))
                }
            }
        }
        return .object([
            ("id", .string(attempt.id.uuidString.lowercased())), ("test", .string(attempt.slug)), ("raw", .int(Int64(result.raw))),
            ("outOf", .int(Int64(result.outOf))), ("band", .number(result.band?.value)), ("questions", .array(questions)),
        ])
    }
}
