import API
import Content
import Feedback
import Foundation
import Hummingbird
import Practice

/// Writing and Speaking over the API: the prompts, sending an answer (text, or a recording in a
/// form) which is stored before the 202, the answers with their feedback, and the feedback as
/// it is written, on the same event stream as the answer's page.
struct AnswerOperations {
    let backends: Backends
    let runtime: FeedbackRuntime
    let clock: WallClock

    var handlers: [String: APIHandler] {
        ["listPrompts": prompts, "listAnswers": answers, "createAnswer": create, "getAnswer": answer, "streamAnswerEvents": events]
    }

    func prompts(_ call: APICall) async throws -> Response {
        let skills = call.query["skill"].map { [$0] } ?? ["writing", "speaking"]
        var rows: [JSONValue] = []
        for skill in skills {
            let listed = try await backends.database { client in try await PromptLibrary(client: client).all(skill: skill) }
            rows += listed.map { prompt in
                .object([("slug", .string(prompt.slug)), ("title", .string(prompt.title)), ("skill", .string(skill)),
                         ("task", .string(prompt.task.rawValue)), ("minutes", .int(Int64(prompt.task.minutes)))])
            }
        }
        return APIResponse.json(["prompts": .array(rows)])
    }

    func answers(_ call: APICall) async throws -> Response {
        let user = try call.user, attempts = runtime.attempts, offset = call.offset
        let all = try await backends.database { _ in try await attempts.history(userID: user.id, limit: 1_000) }
        let page = all.dropFirst(offset).prefix(call.limit)
        return APIResponse.json(["answers": .array(page.map { Self.value($0, withResult: false) }),
                                 "nextCursor": .text(APICall.nextCursor(after: offset + page.count, of: all.count))])
    }

    func answer(_ call: APICall) async throws -> Response {
        APIResponse.json(Self.value(try await load(call), withResult: true))
    }

    func events(_ call: APICall) async throws -> Response {
        let attempt = try await load(call), attempts = runtime.attempts, id = attempt.id, user = attempt.userID
        let waiting = attempt.delayed ? "Many answers are waiting: your feedback may take a few minutes." : "Waiting for an examiner…"
        return try await JobEventStream(runtime: runtime).response(id, request: call.request, final: attempt.finalEvent, waiting: waiting) {
            try? await attempts.attempt(id: id, userID: user)?.finalEvent
        }
    }

    /// Stores the answer (and its recording) as sent, then queues it: the 202 comes only after
    /// PostgreSQL has it; the outbox sends it if Redis is away.
    func create(_ call: APICall) async throws -> Response {
        let user = try call.user
        var slug = "", answer = "", seconds: Double?, recording: (bytes: [UInt8], type: String)?
        switch call.body {
        case .json(let body):
            slug = body["prompt"]?.string ?? ""
            answer = body["answer"]?.string ?? ""
            seconds = body["seconds"]?.number
        case .form(let form):
            slug = form.first("prompt")?.text ?? ""
            answer = form.first("answer")?.text ?? ""
            if let text = form.first("seconds")?.text {
                guard let value = Double(text), (1...900).contains(value) else {
                    throw Problem(.unprocessable, "How long you spoke is a number of seconds from 1 to 900.", errors: [SchemaProblem(field: "/seconds", message: "must be from 1 to 900")])
                }
                seconds = value
            }
            if let part = form.first("recording") {
                recording = (part.bytes, part.contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "")
            }
        case .none:
            break
        }
        answer = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        let prompt = try await Self.prompt(slug, backends: backends)
        if prompt.task.isWriting, recording != nil {
            throw Problem(.unprocessable, "A Writing answer is text: send it without a recording.", errors: [SchemaProblem(field: "/recording", message: "is for Speaking answers")])
        }
        if prompt.task.isWriting, seconds != nil {
            throw Problem(.unprocessable, "Speaking time is for Speaking answers.", errors: [SchemaProblem(field: "/seconds", message: "is for Speaking answers")])
        }
        let now = clock.now()
        let admission = try await runtime.admission(userID: user.id, now: now, backends: backends)
        if let refusal = runtime.refusal(answer: answer, seconds: seconds, task: prompt.task, hasRecording: recording != nil, paidAllowed: admission.paidAllowed) {
            throw Problem(.unprocessable, refusal, errors: [SchemaProblem(field: recording == nil && answer.isEmpty ? "/answer" : "/recording", message: refusal)])
        }
        let id = UUID()
        let audio = try await recording.asyncMap { try await runtime.storeRecording($0.bytes, declared: $0.type, answer: id, now: now) }
        let snapshot = PromptSnapshot(slug: prompt.slug, task: prompt.task, title: prompt.title, text: prompt.text, keywords: prompt.keywords)
        let submission = FeedbackAttempts.Submission(answer: answer, seconds: seconds, audio: audio, paidAllowed: admission.paidAllowed, delayed: admission.delayed)
        let attempts = runtime.attempts
        let sent = try await backends.database { _ in try await attempts.sendNew(userID: user.id, prompt: snapshot, submission) }
        await runtime.send(sent.id)
        call.logger.info("answer sent for feedback", metadata: ["attempt": "\(sent.id)", "task": "\(sent.task.rawValue)", "via": "api"])
        return APIResponse.created(Self.value(sent, withResult: true), at: "/api/v1/answers/\(sent.id.uuidString.lowercased())", status: .accepted)
    }

    /// A published prompt of either skill; 404 for none.
    static func prompt(_ slug: String, backends: Backends) async throws -> TaskPrompt {
        for skill in ["writing", "speaking"] {
            if let prompt = try await backends.database({ client in try await PromptLibrary(client: client).prompt(slug: slug, skill: skill) }) {
                return prompt
            }
        }
        throw Problem(.notFound, "There is no prompt '\(slug)'. GET /api/v1/prompts lists them.")
    }

    /// The learner's answer (sent, not a draft); 404 for anyone else's.
    private func load(_ call: APICall) async throws -> FeedbackAttempt {
        let user = try call.user, id = try call.uuid("id"), attempts = runtime.attempts
        guard let attempt = try await backends.database({ _ in try await attempts.attempt(id: id, userID: user.id) }), attempt.state != .draft else {
            throw Problem(.notFound, "You have no answer with this id.")
        }
        return attempt
    }

    static func value(_ attempt: FeedbackAttempt, withResult: Bool) -> JSONValue {
        .object([
            ("id", .string(attempt.id.uuidString.lowercased())), ("prompt", .string(attempt.promptSlug)), ("task", .string(attempt.task.rawValue)),
            ("state", .string(attempt.state.rawValue)), ("submittedAt", .date(attempt.submittedAt)),
            ("words", .int(Int64(attempt.answer.split(whereSeparator: \.isWhitespace).count))), ("failure", .text(attempt.failure)),
            ("result", withResult ? .optional(attempt.result) { result(for: $0, task: attempt.task) } : .null),
        ])
    }

    static func result(for result: FeedbackResult, task: FeedbackTask) -> JSONValue {
        .object([
            ("band", .number(result.scoredBand)), ("refused", .text(result.refusal)), ("low", .number(result.low)), ("high", .number(result.high)),
            ("isEstimate", .bool(result.isEstimate)), ("accuracy", .string(EstimateAccuracy.sentence(provider: result.provider, task: task))),
            ("provider", .string(result.provider)),
            ("criteria", .array(result.criteria.map { criterion in
                .object([("criterion", .string(criterion.criterion.rawValue)), ("band", .number(criterion.band)),
                         ("comment", .string(criterion.comment)), ("evidence", .text(criterion.evidence))])
            })),
            ("strengths", .array(result.strengths.map { .string($0) })),
            ("improvements", .array(result.improvements.map { .string($0) })),
            ("annotations", .array(result.annotations.map { note in
                .object([("sentence", .string(note.sentence)), ("problem", .string(note.problem)), ("suggestion", .string(note.suggestion))])
            })),
        ])
    }
}
