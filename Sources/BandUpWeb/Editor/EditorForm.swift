import AssetPipeline
import Content
import Foundation
import ObjectStorage
import Templates

/// The editor's form: a ``LessonDraft`` and the revision the edit started from.
struct EditorForm: Sendable {
    var draft: LessonDraft
    /// The revision the editor opened (optimistic locking); nil for a new lesson.
    var baseRevision: Int?

    static let fieldNames = ["title", "slug", "skill", "level", "topic", "summary", "minutes", "tags", "audio", "vocabulary", "body"]
    /// Generous limits: a lesson is a few kilobytes; the renderer refuses more than 512 KB.
    static let maximumBody = 600 * 1024

    init(draft: LessonDraft, baseRevision: Int?) {
        self.draft = draft
        self.baseRevision = baseRevision
    }

    init(_ form: FormFields) {
        var draft = LessonDraft()
        draft.title = form.text("title")
        draft.slug = form.text("slug").trimmingCharacters(in: .whitespaces).lowercased()
        draft.skill = form.text("skill")
        draft.level = form.text("level")
        draft.topic = form.text("topic")
        draft.summary = form.text("summary")
        draft.minutes = form.text("minutes")
        draft.tags = form.text("tags")
        draft.audio = form.text("audio")
        draft.vocabulary = form.text("vocabulary")
        draft.body = form.text("body")
        self.init(draft: draft, baseRevision: form["revision"].flatMap { Int($0) })
    }

    var templateValue: TemplateValue {
        .dictionary([
            "title": .string(draft.title), "slug": .string(draft.slug), "skill": .string(draft.skill), "level": .string(draft.level),
            "topic": .string(draft.topic), "summary": .string(draft.summary), "minutes": .string(draft.minutes), "tags": .string(draft.tags),
            "audio": .string(draft.audio), "vocabulary": .string(draft.vocabulary), "body": .string(draft.body),
            "revision": baseRevision.map { .int($0) } ?? .null,
        ])
    }
}

/// A problem with a draft, on the form field it belongs to (and the line of the text, for the body).
struct DraftProblem: Sendable, Equatable {
    let field: String
    let line: Int?
    let message: String

    var text: String { line.map { "Line \($0) of the text: \(message)" } ?? message }
}

/// A draft checked exactly as `bandup content check` checks a file, and rendered as the lesson
/// page would render it.
struct CheckedDraft: Sendable {
    let lesson: Lesson?
    let body: LessonBody?
    let problem: DraftProblem?

    var isValid: Bool { problem == nil }

    /// Parses and renders `draft`, as `bandup content check` does: images and audio must exist
    /// (uploads in `storage`), `lesson:` links must name lessons (`existingSlugs` says which of
    /// the given slugs exist).
    static func check(_ draft: LessonDraft, assets: AssetCatalog, storage: any Storage,
                      existingSlugs: @Sendable ([String]) async throws -> Set<String> = { Set($0) }) async -> CheckedDraft {
        if draft.body.utf8.count > EditorForm.maximumBody {
            return CheckedDraft(lesson: nil, body: nil, problem: DraftProblem(field: "body", line: nil, message: "The text is longer than 600 KB."))
        }
        let source = draft.source
        let resolver = LessonMedia.Resolver(assets: assets)
        do {
            let lesson = try Lesson.parse(source, file: "lesson")
            let body = try lesson.body(with: MarkdownRenderer(resolveMedia: { resolver.resolve($0) }), file: "lesson")
            if let first = body.problems.first {
                return CheckedDraft(lesson: lesson, body: body, problem: problem(for: first, in: draft))
            }
            let linked = body.lessonLinks.filter { $0.slug != lesson.slug }
            if !linked.isEmpty, let existing = try? await existingSlugs(linked.map(\.slug)),
               let missing = linked.first(where: { !existing.contains($0.slug) }) {
                return CheckedDraft(lesson: lesson, body: body, problem: problem(for: ContentError(file: "lesson", line: missing.line,
                    message: "no lesson with the slug '\(missing.slug)'"), in: draft))
            }
            if let audio = lesson.audio, resolver.resolve(audio) == nil {
                return CheckedDraft(lesson: lesson, body: body, problem: DraftProblem(field: "audio", line: nil, message: "There is no media file '\(audio)'."))
            }
            for reference in Set(resolver.uploads) {
                guard let key = LessonMedia.storageKey(for: reference), (try? await storage.exists(key)) == true else {
                    return CheckedDraft(lesson: lesson, body: body, problem: DraftProblem(field: "body", line: nil,
                                                                                         message: "There is no uploaded file '\(reference)'. Upload it again."))
                }
            }
            return CheckedDraft(lesson: lesson, body: body, problem: nil)
        } catch {
            return CheckedDraft(lesson: nil, body: nil, problem: problem(for: error, in: draft))
        }
    }

    /// Puts a file:line error on its field: the key an error names, or the line's field.
    static func problem(for error: ContentError, in draft: LessonDraft) -> DraftProblem {
        switch draft.field(forLine: error.line) {
        case .body(let line):
            return DraftProblem(field: "body", line: line, message: error.message)
        case .frontMatter(let key):
            let named = EditorForm.fieldNames.first { error.message.contains("'\($0)'") || error.message.hasPrefix("\($0) ") }
            return DraftProblem(field: named ?? key, line: nil, message: error.message.prefix(1).uppercased() + error.message.dropFirst())
        }
    }
}
