import AssetPipeline
import Foundation
import Hummingbird
import Practice
import Study
import Templates

/// Dictation: choose a level, then ten sentences from the listening scripts, one at a time: hear
/// it (replayed at most three times), type it, and see it marked word by word (missing, extra,
/// misspelt) with an accuracy; a summary at the end, and the results on the dashboard. Works
/// without JavaScript (the player then has its own controls).
struct DictationController {
    let pages: PageRenderer
    let backends: Backends
    let flash: FlashMessages
    let assets: AssetCatalog

    var sessions: DictationSessions { DictationSessions(client: backends.postgres) }

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("dictation") { request, context in try await index(request, context: context) }
        router.post("dictation/sessions") { request, context in try await start(request, context: context) }
        router.get("dictation/sessions/:session") { request, context in try await session(request, context: context) }
        router.post("dictation/sessions/:session/answers") { request, context in try await answer(request, context: context) }
    }

    private func index(_ request: Request, context: WebContext) async throws -> Response {
        let user = try FlashcardsController.user(context), sessions = sessions
        let (levels, results) = try await backends.database { _ in (try await sessions.levels(), try await sessions.results(userID: user)) }
        return try await pages.render("dictation/index.html", [
            "levels": .array(DictationSentence.Level.allCases.map { level in
                .dictionary(["value": .string(level.rawValue), "label": .string(level.description), "sentences": .int(levels[level] ?? 0)])
            }),
            "results": .array(results.map { result in
                .dictionary(["level": .string(result.level.rawValue.capitalized), "when": .date(result.finishedAt), "percent": .int(Int((result.accuracy * 100).rounded()))])
            }),
            "plays": .int(DictationSessions.plays), "length": .int(DictationSessions.length),
        ], request: request, context: context, path: "/dictation", flash: flash)
    }

    private func start(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let user = try FlashcardsController.user(context), sessions = sessions
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 4 * 1024)))
        guard let level = DictationSentence.Level(rawValue: form.text("level")) else {
            return try await flash.redirect(to: "/dictation", .error, "Choose a level: easy, medium or hard.")
        }
        guard let id = try await backends.database({ _ in try await sessions.start(userID: user, level: level) }) else {
            return try await flash.redirect(to: "/dictation", .error, "There are no \(level.rawValue) sentences yet.")
        }
        return .redirect(to: "/dictation/sessions/\(id.uuidString.lowercased())", type: .normal)
    }

    private func load(_ context: WebContext) async throws -> DictationSession {
        let user = try FlashcardsController.user(context), sessions = sessions
        guard let id = context.parameters.get("session").flatMap(UUID.init(uuidString:)),
              let session = try await backends.database({ _ in try await sessions.session(id, userID: user) }) else { throw HTTPError(.notFound) }
        return session
    }

    /// The next sentence to type; or, after an answer (`?checked=n`), how that one went; or, when
    /// all ten are done, the summary.
    private func session(_ request: Request, context: WebContext) async throws -> Response {
        let session = try await load(context)
        let base = "/dictation/sessions/\(session.id.uuidString.lowercased())"
        let checked = request.uri.queryParameters.get("checked").flatMap { Int($0) }.flatMap { session.answers[$0] != nil ? $0 : nil }
        var values: [String: TemplateValue] = [
            "base": .string(base), "level": .string(session.level.rawValue), "total": .int(session.sentences.count),
            "answered": .int(session.answers.count), "plays": .int(DictationSessions.plays),
            "done": .bool(session.nextPosition == nil), "checked": .null, "next": .null,
            "percent": session.accuracy.map { .int(Int(($0 * 100).rounded())) } ?? .null,
        ]
        if let checked, let answer = session.answers[checked] {
            values["checked"] = Self.markedValue(session.sentences[checked], answer, position: checked)
        }
        if let position = session.nextPosition, checked == nil {
            let sentence = session.sentences[position]
            values["next"] = .dictionary(["position": .int(position), "number": .int(position + 1),
                                          "audio": .string(assets.url(sentence.audio) ?? "/media/" + sentence.audio)])
        }
        if session.nextPosition == nil {
            values["summary"] = .array(session.sentences.indices.compactMap { position in
                session.answers[position].map { Self.markedValue(session.sentences[position], $0, position: position) }
            })
        }
        return try await pages.render("dictation/session.html", values, request: request, context: context, path: "/dictation", flash: flash)
    }

    static func markedValue(_ sentence: DictationSentence, _ answer: DictationSession.Answer, position: Int) -> TemplateValue {
        .dictionary([
            "number": .int(position + 1), "sentence": .string(sentence.text), "typed": .string(answer.typed), "plays": .int(answer.plays),
            "percent": .int(answer.marking.percent), "missing": .int(answer.marking.missing), "extra": .int(answer.marking.extra),
            "misspelt": .int(answer.marking.misspelt),
            "words": .array(answer.marking.words.map { word in
                switch word {
                case .correct(let text): .dictionary(["kind": "correct", "text": .string(text), "typed": .string("")])
                case .missing(let text): .dictionary(["kind": "missing", "text": .string(text), "typed": .string("")])
                case .extra(let text): .dictionary(["kind": "extra", "text": .string(text), "typed": .string("")])
                case .misspelt(let expected, let typed): .dictionary(["kind": "misspelt", "text": .string(expected), "typed": .string(typed)])
                }
            }),
        ])
    }

    private func answer(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let session = try await load(context), user = try FlashcardsController.user(context), sessions = sessions
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 8 * 1024)))
        let base = "/dictation/sessions/\(session.id.uuidString.lowercased())"
        guard let position = Int(form.text("position")), session.sentences.indices.contains(position) else {
            throw HTTPError(.badRequest, message: "This answer is for a sentence the session does not have. Reload the page.")
        }
        let typed = form.text("typed")
        guard !typed.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return try await flash.redirect(to: base, .error, "Type what you heard (as much as you can) before checking.")
        }
        let plays = Int(form.text("plays")) ?? 1
        _ = try await backends.database { _ in try await sessions.answer(session.id, userID: user, position: position, typed: typed, plays: plays) }
        return .redirect(to: base + "?checked=\(position)", type: .normal)
    }
}
