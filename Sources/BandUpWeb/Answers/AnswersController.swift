import Feedback
import Foundation
import Hummingbird
import NIOCore
import ObjectStorage
import Templates

/// A learner's Writing and Speaking answers: autosaving the draft, uploading a recording,
/// sending the answer (stored before it is queued, and before the learner is told it arrived),
/// the answer's page with its feedback, the history, and trying a failed assessment again.
struct AnswersController {
    let pages: PageRenderer
    let backends: Backends
    let runtime: FeedbackRuntime
    let flash: FlashMessages
    let clock: WallClock

    /// The longest answer BandUp takes (about 4,000 words).
    static let maximumCharacters = FeedbackRuntime.maximumCharacters

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("answers") { request, context in try await history(request, context: context) }
        router.get("answers/:id") { request, context in try await show(request, context: context) }
        router.post("answers/:id/draft") { request, context in try await saveDraft(request, context: context) }
        router.post("answers/:id/recording") { request, context in try await uploadRecording(request, context: context) }
        router.get("answers/:id/recording") { request, context in try await recording(request, context: context) }
        router.post("answers/:id/submit") { request, context in try await submit(request, context: context) }
        router.post("answers/:id/retry") { request, context in try await retry(request, context: context) }
        router.post("answers/:id/transcript") { request, context in try await correctTranscript(request, context: context) }
    }

    /// The learner's attempt; 404 for anyone else's.
    func load(_ context: WebContext) async throws -> FeedbackAttempt {
        guard let user = context.user, let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw HTTPError(.notFound) }
        let attempts = runtime.attempts
        guard let attempt = try await backends.database({ _ in try await attempts.attempt(id: id, userID: user.id) }) else { throw HTTPError(.notFound) }
        return attempt
    }

    private func history(_ request: Request, context: WebContext) async throws -> Response {
        guard let user = context.user else { throw HTTPError(.notFound) }
        let attempts = runtime.attempts
        let all = try await backends.database { _ in try await attempts.history(userID: user.id, limit: 100) }
        return try pages.render("answers/index.html", ["answers": .array(all.map(AnswerPage.listing))], context: context, path: "/answers")
    }

    private func show(_ request: Request, context: WebContext) async throws -> Response {
        let attempt = try await load(context)
        if attempt.state == .draft { return .redirect(to: AnswerPage.taskPath(attempt), type: .normal) }
        let (messages, clear) = try await flash.take(from: request)
        var response = try pages.render("answers/show.html", AnswerPage(attempt: attempt).values, context: context,
                                        path: attempt.task.isWriting ? "/writing" : "/speaking", flash: messages)
        if let clear { response.setCookie(clear) }
        return response
    }

    /// Autosave (the page's script sends JSON-accepting posts; a form post redirects back).
    private func saveDraft(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let attempt = try await load(context)
        let form = try await Self.form(&request)
        let answer = form.text("answer")
        guard answer.count <= Self.maximumCharacters else {
            throw HTTPError(.contentTooLarge, message: "That is longer than BandUp takes (\(Self.maximumCharacters) characters). Shorten it and try again.")
        }
        let attempts = runtime.attempts
        let saved = try await backends.database { _ in try await attempts.saveDraft(id: attempt.id, userID: attempt.userID, answer: answer) }
        if request.headers[.accept]?.contains("application/json") == true {
            return Response.json(saved.map { ["saved": true, "at": ISO8601DateFormatter().string(from: $0)] } ?? ["saved": false, "sent": true])
        }
        var response = Response.redirect(to: saved == nil ? AnswerPage.base(attempt.id) : AnswerPage.taskPath(attempt), type: .normal)
        response.setCookie(try await flash.store([FlashMessage(kind: .success, text: saved == nil ? "This answer was already sent." : "Draft saved.")]))
        return response
    }

    /// `POST /answers/<id>/recording`: the recording is the body, its type `Content-Type`.
    private func uploadRecording(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let attempt = try await load(context)
        guard attempt.task.isSpeaking, attempt.state == .draft else { throw HTTPError(.conflict, message: "This answer was already sent.") }
        let declared = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let limit = UploadKind.recordings[declared]?.limit ?? UploadKind.megabyte
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: limit) } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "The recording is larger than \(limit / UploadKind.megabyte) MB. Record a shorter answer.")
        }
        let bytes = Array(buffer: body)
        let seconds = request.uri.queryParameters.get("seconds").flatMap(Double.init).flatMap { (1...900).contains($0) ? $0 : nil }
        let (key, type) = try await runtime.storeRecording(bytes, declared: declared, answer: attempt.id, now: clock.now())
        let attempts = runtime.attempts
        let attached = try await backends.database { _ in
            try await attempts.attachRecording(id: attempt.id, userID: attempt.userID, key: key, type: type, seconds: seconds)
        }
        guard attached else { throw HTTPError(.conflict, message: "This answer was already sent.") }
        // Recorded again: the take it replaces is deleted unless another answer still plays it, so
        // nothing of the learner's is left in storage that their answers do not name.
        if let replaced = attempt.audioKey, replaced != key {
            let storage = runtime.storage
            do {
                if try await !backends.database({ _ in try await attempts.plays(recording: replaced) }) { try await storage.delete(replaced) }
            } catch {
                context.logger.warning("a replaced recording was not deleted", metadata: ["key": "\(replaced)", "error": "\(error)"])
            }
        }
        return Response.json(["saved": true, "bytes": bytes.count])
    }

    /// The learner's own recording, to listen back.
    private func recording(_ request: Request, context: WebContext) async throws -> Response {
        let attempt = try await load(context)
        guard let key = attempt.audioKey, let (bytes, type) = try await FeedbackRuntime.recording(key, in: runtime.storage) else { throw HTTPError(.notFound) }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, no-store", .contentLength: String(bytes.count)],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func submit(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let attempt = try await load(context)
        guard attempt.state == .draft else { return .redirect(to: AnswerPage.base(attempt.id), type: .normal) }
        let form = try await Self.form(&request)
        let answer = form.text("answer").trimmingCharacters(in: .whitespacesAndNewlines)
        let seconds = form["seconds"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? attempt.seconds
        let attempts = runtime.attempts
        // Keep what was typed, whatever happens next.
        if answer.count <= Self.maximumCharacters {
            _ = try await backends.database { _ in try await attempts.saveDraft(id: attempt.id, userID: attempt.userID, answer: answer) }
        }
        return try await send(attempt, answer: answer, seconds: seconds, context: context)
    }

    /// Sends a draft for feedback (the paid-assessment quota, the queue's depth, the outbox) and
    /// answers with the answer's page, or the task page saying what is missing.
    private func send(_ attempt: FeedbackAttempt, answer: String, seconds: Double?, context: WebContext,
                      received: String = "Received. Your feedback is being written.") async throws -> Response {
        let attempts = runtime.attempts
        let admission = try await runtime.admission(userID: attempt.userID, now: clock.now(), backends: backends)
        let paidAllowed = admission.paidAllowed, delayed = admission.delayed
        let notes = admission.notes.map { FlashMessage(kind: $0.warning ? .warning : .info, text: $0.text) }
        if let problem = problem(answer: answer, seconds: seconds, attempt: attempt, paidAllowed: paidAllowed) {
            var response = Response.redirect(to: AnswerPage.taskPath(attempt), type: .normal)
            response.setCookie(try await flash.store([FlashMessage(kind: .error, text: problem)]))
            return response
        }
        let submission = FeedbackAttempts.Submission(answer: answer, seconds: seconds.flatMap { (1...900).contains($0) ? $0 : nil },
                                                     audio: nil, paidAllowed: paidAllowed, delayed: delayed)
        guard let sent = try await backends.database({ _ in try await attempts.submit(id: attempt.id, userID: attempt.userID, submission) }) else {
            throw HTTPError(.notFound)
        }
        await runtime.send(sent.id)
        context.logger.info("answer sent for feedback", metadata: ["attempt": "\(sent.id)", "task": "\(sent.task.rawValue)"])
        var response = Response.redirect(to: AnswerPage.base(sent.id), type: .normal)
        response.setCookie(try await flash.store([FlashMessage(kind: .success, text: received)] + notes))
        return response
    }

    /// A Speaking answer's transcript as the learner corrected it: a new answer to the same prompt
    /// with the same recording and the corrected words, assessed again (the first one is kept).
    private func correctTranscript(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let attempt = try await load(context)
        let form = try await Self.form(&request)
        let answer = form.text("answer").trimmingCharacters(in: .whitespacesAndNewlines)
        func back(_ problem: String) async throws -> Response {
            var response = Response.redirect(to: AnswerPage.base(attempt.id), type: .normal)
            response.setCookie(try await flash.store([FlashMessage(kind: .error, text: problem)]))
            return response
        }
        guard attempt.task.isSpeaking, attempt.state == .complete || attempt.state == .failed, let key = attempt.audioKey, let type = attempt.audioType else {
            return try await back("Only a speaking answer with a recording, once assessed, can have its transcript corrected.")
        }
        guard !answer.isEmpty else { return try await back("Type the corrected transcript in the box before sending it.") }
        guard answer.count <= Self.maximumCharacters else { return try await back("That is longer than BandUp takes (\(Self.maximumCharacters) characters).") }
        let attempts = runtime.attempts
        let prompt = PromptSnapshot(slug: attempt.promptSlug, task: attempt.task, title: attempt.promptTitle, text: attempt.promptText, keywords: attempt.keywords)
        let draft = try await backends.database { _ in try await attempts.draft(userID: attempt.userID, prompt: prompt, mode: attempt.mode) }
        // A draft the learner has started on this task is theirs: it is never overwritten.
        guard draft.answer.isEmpty, draft.audioKey == nil || draft.audioKey == key else {
            return try await back("You have an answer to this task that you have not sent yet: send or clear it first, then correct this transcript.")
        }
        let ready = try await backends.database { _ in
            _ = try await attempts.attachRecording(id: draft.id, userID: draft.userID, key: key, type: type, seconds: attempt.seconds)
            _ = try await attempts.saveDraft(id: draft.id, userID: draft.userID, answer: answer)
            return try await attempts.attempt(id: draft.id, userID: draft.userID)
        }
        guard let ready else { throw HTTPError(.notFound) }
        return try await send(ready, answer: answer, seconds: attempt.seconds, context: context,
                              received: "Received. Your corrected transcript is being assessed with the same recording.")
    }

    /// Why the answer cannot be sent yet, in words for the learner; nil when it can.
    /// A recording alone is enough only when the examiner that would assess it hears audio.
    func problem(answer: String, seconds: Double?, attempt: FeedbackAttempt, paidAllowed: Bool = true) -> String? {
        runtime.refusal(answer: answer, seconds: seconds, task: attempt.task, hasRecording: attempt.audioKey != nil, paidAllowed: paidAllowed)
    }

    private func retry(_ request: Request, context: WebContext) async throws -> Response {
        let attempt = try await load(context)
        let attempts = runtime.attempts
        if try await backends.database({ _ in try await attempts.retry(id: attempt.id, userID: attempt.userID) }) {
            _ = try? await runtime.events.redis.delete(runtime.events.stream(of: attempt.id))  // a fresh stream for the new try
            await runtime.send(attempt.id)
        }
        return .redirect(to: AnswerPage.base(attempt.id), type: .normal)
    }

    static func form(_ request: inout Request) async throws -> FormFields {
        do {
            return FormFields(String(buffer: try await request.collectBody(upTo: 4 * maximumCharacters + 4096)))
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "That is longer than BandUp takes (\(maximumCharacters) characters). Shorten it and try again.")
        }
    }
}
