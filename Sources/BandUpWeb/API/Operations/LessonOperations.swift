import Auth
import API
import Content
import Foundation
import Hummingbird
import Practice
import Synchronization

/// The catalogue (`listLessons`), one lesson with its questions (`getLesson`), and publishing a
/// lesson (`publishLesson`, editors), through the same library, renderer and checks as the site.
struct LessonOperations {
    let backends: Backends
    let lessons: LessonsController
    /// How an editor's draft is checked (media, links), as the editor checks it.
    let check: @Sendable (LessonDraft) async -> CheckedDraft
    /// Publishing through the API asks the token's owner for two-step verification too.
    let twoFactor: TwoFactor
    /// Told when a publish changes lessons.
    let changes: ChangeFeed
    /// Each lesson's JSON and its entity tag, written once per revision.
    let documents = LessonDocuments()

    var handlers: [String: APIHandler] {
        ["listLessons": list, "getLesson": lesson, "publishLesson": publish]
    }

    var library: LessonLibrary { LessonLibrary(client: backends.postgres) }

    func list(_ call: APICall) async throws -> Response {
        let skill = call.query["skill"].flatMap(LessonSkill.init(rawValue:))
        let band = call.query["band"].flatMap(Double.init)
        let topic = call.query["topic"], query = call.query["q"]
        let offset = call.offset
        let limit = call.limit, library = library
        let (found, total) = try await backends.database { _ in
            try await library.catalogue(skill: skill, band: band, topic: topic, query: query, perPage: limit, offset: offset)
        }
        let next = APICall.nextCursor(after: offset + found.count, of: total)
        return APIResponse.cached([
            "lessons": .array(found.map { lesson in
                .object([
                    ("slug", .string(lesson.slug)), ("title", .string(lesson.title)), ("skill", .string(lesson.skill)), ("level", .string(lesson.level)),
                    ("topic", .string(lesson.topic)), ("summary", .string(lesson.summary)), ("minutes", .int(Int64(lesson.minutes))),
                    ("snippet", .text(lesson.snippet.map { $0.replacingOccurrences(of: LessonLibrary.markStart, with: "«").replacingOccurrences(of: LessonLibrary.markEnd, with: "»") })),
                ])
            }),
            "total": .int(Int64(total)), "nextCursor": .text(next),
        ], request: call.request)
    }

    func lesson(_ call: APICall) async throws -> Response {
        let slug = call.parameter("slug")
        let (facts, rendered) = try await lessons.published(slug, for: nil)
        if let (bytes, tag) = documents.get(slug, revision: facts.revision) { return APIResponse.cached(bytes, tag: tag, request: call.request) }
        let bytes = Self.document(rendered, revision: facts.revision).bytes, tag = APIResponse.entityTag(bytes)
        documents.put(slug, revision: facts.revision, bytes: bytes, tag: tag)
        return APIResponse.cached(bytes, tag: tag, request: call.request)
    }

    static func document(_ rendered: RenderedLesson, revision: Int) -> JSONValue {
        let lesson = rendered.lesson
        return .object([
            ("slug", .string(lesson.slug)), ("title", .string(lesson.title)), ("skill", .string(lesson.skill.rawValue)),
            ("level", .string("\(lesson.level.lowerBound)-\(lesson.level.upperBound)")), ("topic", .string(lesson.topic)),
            ("summary", .string(lesson.summary)), ("minutes", .int(Int64(lesson.minutes))), ("revision", .int(Int64(revision))),
            ("readingMinutes", .int(Int64(rendered.readingMinutes))), ("html", .string(rendered.body.html)),
            ("questionGroups", .array(rendered.body.questionGroups.enumerated().map { index, group in
                .object([("index", .int(Int64(index))), ("questions", .array(group.questions.map { question in
                    .object([("number", .int(Int64(question.number))), ("type", .string(group.type.rawValue)), ("prompt", .string(question.prompt)),
                             ("options", .array(group.choices(for: question).map { .string("\($0.label). \($0.text)") }))])
                }))])
            })),
        ])
    }

    func publish(_ call: APICall) async throws -> Response {
        let user = try call.user, slug = call.parameter("slug")
        let body = call.json
        let draft = LessonDraft(source: body["markdown"]?.string ?? "")
        guard draft.slug == slug else {
            throw Problem(.unprocessable, "The lesson's front matter says slug '\(draft.slug)', but this is /lessons/\(slug).",
                          errors: [SchemaProblem(field: "/markdown", message: "its slug must be '\(slug)'")])
        }
        let checked = await check(draft)
        guard let lesson = checked.lesson, checked.isValid else {
            let problem = checked.problem
            let message = [problem?.line.map { "line \($0)" }, problem?.field, problem?.message].compactMap { $0 }.joined(separator: ": ")
            throw Problem(.unprocessable, "The lesson does not pass the content check: \(message).", errors: [SchemaProblem(field: "/markdown", message: message)])
        }
        let publish = body["publish"]?.bool ?? true
        let twoFactor = twoFactor
        if publish, try await !backends.database({ _ in try await twoFactor.isOn(userID: user.id) }) {
            throw Problem(.forbidden, "Turn on two-step verification for your account (on the account page) before publishing: "
                          + "editors need it to publish lessons. Send \"publish\": false to save a draft.")
        }
        let base: LessonLibrary.Base = body["baseRevision"]?.int.map { .revision(Int($0)) } ?? .newest
        let library = library, source = draft.source
        let saved: LessonLibrary.Saved
        do {
            saved = try await backends.database { _ in
                try await library.save(lesson, source: source, base: base, authorID: user.id, action: publish ? .publish : .saveDraft)
            }
        } catch let conflict as EditConflict {
            throw Problem(.conflict, "Revision \(conflict.currentRevision) was saved after revision \(body["baseRevision"]?.int ?? 0), which you edited. Read it, merge, and send baseRevision \(conflict.currentRevision).")
        }
        changes.changedHere("lessons")
        call.logger.notice("audit: lesson \(publish ? "published" : "saved") through the API", metadata: ["slug": "\(slug)", "revision": "\(saved.revision)", "by": "\(user.id)"])
        let value: JSONValue = ["slug": .string(slug), "revision": .int(Int64(saved.revision)), "published": .bool(publish)]
        return saved.created ? APIResponse.created(value, at: "/api/v1/lessons/\(slug)") : APIResponse.json(value)
    }
}

/// Lessons' API documents by slug, for the revision they were written from (a few dozen lessons).
final class LessonDocuments: Sendable {
    private let entries = Mutex<[String: (revision: Int, bytes: [UInt8], tag: String)]>([:])

    func get(_ slug: String, revision: Int) -> ([UInt8], String)? {
        entries.withLock { $0[slug].flatMap { $0.revision == revision ? ($0.bytes, $0.tag) : nil } }
    }

    func put(_ slug: String, revision: Int, bytes: [UInt8], tag: String) {
        entries.withLock { $0[slug] = (revision, bytes, tag) }
    }
}
