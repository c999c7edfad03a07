import Content
import Foundation
import Hummingbird
import Templates

/// A lesson's history for editors: every revision with its author and time, a line diff between
/// any two, and restoring an old revision as a new draft.
struct RevisionsController {
    let pages: PageRenderer
    let backends: Backends
    let flash: FlashMessages

    var library: LessonLibrary { LessonLibrary(client: backends.postgres) }

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("editor/lessons/:slug/revisions") { request, context in
            let slug = try EditorController.slug(context), library = library
            let revisions = try await backends.database { _ in try await library.revisions(slug: slug) }
            guard let newest = revisions.first else { throw HTTPError(.notFound) }
            let (messages, clear) = try await flash.take(from: request)
            var response = try pages.render("editor/revisions.html", [
                "slug": .string(slug),
                "current": .int(newest.number),
                "previous": .int(max(1, newest.number - 1)),
                "revisions": .array(revisions.map { revision in
                    .dictionary([
                        "number": .int(revision.number), "author": revision.author.map { .string($0) } ?? "Content/ import",
                        "at": .date(revision.createdAt), "action": .string(Self.describe(revision.action)),
                        "published": .bool(revision.isPublished), "current": .bool(revision.isCurrent), "lines": .int(revision.lines),
                    ])
                }),
            ], context: context, path: "/editor/lessons", flash: messages)
            if let clear { response.setCookie(clear) }
            return response
        }
        router.get("editor/lessons/:slug/diff") { request, context in
            let slug = try EditorController.slug(context), library = library
            guard let from = request.uri.queryParameters.get("from", as: Int.self), let to = request.uri.queryParameters.get("to", as: Int.self) else {
                throw HTTPError(.badRequest, message: "Choose two revisions to compare.")
            }
            let (old, new) = try await backends.database { _ in
                (try await library.revision(slug: slug, number: from), try await library.revision(slug: slug, number: to))
            }
            guard let old, let new else { throw HTTPError(.notFound, message: "This lesson has no revision \(from) or no revision \(to).") }
            let rows = LineDiff.changes(from: old, to: new)
            return try pages.render("editor/diff.html", [
                "slug": .string(slug), "from": .int(from), "to": .int(to),
                "added": .int(rows.filter { if case .added = $0 { true } else { false } }.count),
                "removed": .int(rows.filter { if case .removed = $0 { true } else { false } }.count),
                "rows": .array(rows.map(Self.rowValue)),
            ], context: context, path: "/editor/lessons")
        }
        router.post("editor/lessons/:slug/revisions/:number/restore") { request, context in
            let slug = try EditorController.slug(context), library = library
            guard let user = context.user, let number = context.parameters.get("number", as: Int.self) else { throw HTTPError(.notFound) }
            var request = request
            let base = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))["revision"].flatMap { Int($0) } ?? 0
            guard let source = try await backends.database({ _ in try await library.revision(slug: slug, number: number) }) else { throw HTTPError(.notFound) }
            let lesson = try Lesson.parse(source, file: "\(slug).md")
            do {
                let saved = try await backends.database { _ in
                    try await library.save(lesson, source: source, base: .revision(base), authorID: user.id, action: .restore)
                }
                context.logger.notice("audit: lesson revision restored", metadata: ["slug": "\(slug)", "from": "\(number)", "revision": "\(saved.revision)", "by": "\(user.id)"])
                let text = saved.changed ? "Restored revision \(number) as revision \(saved.revision), a draft: publish it when it is ready."
                                         : "Revision \(number) is the same as the newest revision; nothing to restore."
                return try await message(to: "/editor/lessons/\(slug)", .success, text)
            } catch let conflict as EditConflict {
                return try await message(to: "/editor/lessons/\(slug)/revisions", .warning,
                                         "Nothing restored: \(conflict.savedBy ?? "someone") saved revision \(conflict.currentRevision) meanwhile. Check it, then restore again.")
            }
        }
    }

    func message(to path: String, _ kind: FlashMessage.Kind, _ text: String) async throws -> Response {
        var response = Response.redirect(to: path, type: .normal)
        response.setCookie(try await flash.store([FlashMessage(kind: kind, text: text)]))
        return response
    }

    static func describe(_ action: String) -> String {
        switch action {
        case "saved": "Saved as a draft"
        case "published": "Published"
        case "restored": "Restored from an earlier revision"
        default: "Imported from Content/"
        }
    }

    static func rowValue(_ row: LineDiff.Row) -> TemplateValue {
        switch row {
        case .same(let old, let new, let text): .dictionary(["kind": "same", "old": .int(old), "new": .int(new), "text": .string(text)])
        case .removed(let old, let text): .dictionary(["kind": "removed", "old": .int(old), "new": "", "text": .string(text)])
        case .added(let new, let text): .dictionary(["kind": "added", "old": "", "new": .int(new), "text": .string(text)])
        case .folded(let count): .dictionary(["kind": "folded", "count": .int(count)])
        }
    }
}
