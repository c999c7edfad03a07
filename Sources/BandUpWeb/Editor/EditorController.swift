import AssetPipeline
import Content
import Foundation
import Hummingbird
import ObjectStorage
import Templates

/// Editors write lessons in the browser: the list with each lesson's status, a form with the
/// front matter as fields and the Markdown beside a live preview, drafts, publishing and
/// unpublishing. Saves use optimistic locking: a save that did not start from the newest revision
/// is refused and the editor's text is kept.
struct EditorController {
    let pages: PageRenderer
    let backends: Backends
    let assets: AssetCatalog
    let storage: any Storage
    let flash: FlashMessages
    /// Told when a save changes lessons, so this instance's caches forget them at once.
    let changes: ChangeFeed
    /// Publishing (and unpublishing) asks for two-step verification.
    let staff: StaffSecondStep

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("editor/lessons") { request, context in try await list(request, context: context) }
        router.get("editor/lessons/new") { request, context in
            var draft = LessonDraft()
            draft.skill = LessonSkill.reading.rawValue
            draft.minutes = "15"
            draft.body = "# A title for learners\n\nWhat the learner will be able to do after this lesson.\n"
            return try await edit(EditorForm(draft: draft, baseRevision: nil), slug: nil, context: context, path: request.uri.path)
        }
        router.post("editor/lessons") { request, context in try await save(request, slug: nil, context: context) }
        router.get("editor/lessons/:slug") { request, context in
            let slug = try Self.slug(context)
            let library = library
            guard let head = try await backends.database({ _ in try await library.head(slug: slug) }) else { throw HTTPError(.notFound) }
            let (messages, clear) = try await flash.take(from: request)
            var response = try await edit(EditorForm(draft: LessonDraft(source: head.source), baseRevision: head.revision), slug: slug,
                                          context: context, path: request.uri.path, head: head, flash: messages)
            if let clear { response.setCookie(clear) }
            return response
        }
        router.post("editor/lessons/:slug") { request, context in try await save(request, slug: try Self.slug(context), context: context) }
        router.post("editor/lessons/:slug/unpublish") { _, context in
            try await staff.require(context)
            let slug = try Self.slug(context), library = library
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            guard try await backends.database({ _ in try await library.unpublish(slug: slug, authorID: user.id) }) else { throw HTTPError(.notFound) }
            changes.changedHere("lessons")
            context.logger.notice("audit: lesson unpublished", metadata: ["slug": "\(slug)", "by": "\(user.id)"])
            return try await redirect(to: "/editor/lessons/\(slug)", "Unpublished: learners no longer see this lesson.")
        }
        router.post("editor/preview") { request, context in
            var request = request
            let form = EditorForm(FormFields(String(buffer: try await request.collectBody(upTo: EditorForm.maximumBody + 64 * 1024))))
            let checked = await check(form.draft)
            return try pages.renderFragment("editor/preview.html", Self.previewValues(checked), context: context)
        }
    }

    var library: LessonLibrary { LessonLibrary(client: backends.postgres) }

    /// The draft checked as `bandup content check` checks files, links to other lessons included.
    func check(_ draft: LessonDraft) async -> CheckedDraft {
        let library = library, backends = backends
        return await CheckedDraft.check(draft, assets: assets, storage: storage) { slugs in
            try await backends.database { _ in try await library.existingSlugs(slugs) }
        }
    }

    static func slug(_ context: WebContext) throws -> String {
        guard let slug = context.parameters.get("slug"), slug.utf8.count <= 100 else { throw HTTPError(.notFound) }
        return slug
    }

    private func list(_ request: Request, context: WebContext) async throws -> Response {
        let library = library
        let entries = try await backends.database { _ in try await library.editorList() }
        let (messages, clear) = try await flash.take(from: request)
        var response = try pages.render("editor/index.html", [
            "lessons": .array(entries.map { entry in
                .dictionary([
                    "slug": .string(entry.slug), "title": .string(entry.title), "skill": .string(entry.skill),
                    "status": .string(entry.isPublished ? (entry.hasUnpublishedChanges ? "Published, with unpublished changes" : "Published") : "Draft"),
                    "published": .bool(entry.isPublished), "revision": .int(entry.currentRevision),
                    "updated": .date(entry.updatedAt), "editor": entry.updatedBy.map { .string($0) } ?? "Content/ import",
                ])
            }),
        ], context: context, path: request.uri.path, flash: messages)
        if let clear { response.setCookie(clear) }
        return response
    }

    /// The edit page: the form, and the preview rendered now (so it shows before any script runs).
    private func edit(_ form: EditorForm, slug: String?, context: WebContext, path: String, head: LessonLibrary.Head? = nil,
                      problem: DraftProblem? = nil, conflict: TemplateValue = .null, status: HTTPResponse.Status = .ok,
                      flash: [FlashMessage] = []) async throws -> Response {
        let checked = await check(form.draft)
        var values = Self.previewValues(checked)
        values["form"] = form.templateValue
        values["slug"] = slug.map { .string($0) } ?? .null
        values["isNew"] = .bool(slug == nil)
        values["action"] = .string(slug.map { "/editor/lessons/\($0)" } ?? "/editor/lessons")
        values["skills"] = .array(LessonSkill.allCases.map { .string($0.rawValue) })
        values["published"] = .bool(head?.publishedRevision != nil)
        values["problem"] = .dictionary(["field": .string(problem?.field ?? ""), "text": .string(problem?.text ?? "")])
        values["conflict"] = conflict
        values["uploadTypes"] = .string(UploadKind.all.map(\.contentType).joined(separator: ","))
        return try pages.render("editor/edit.html", values, context: context, path: "/editor/lessons", status: status, flash: flash)
    }

    /// What `editor/preview.html` shows: the lesson as learners will see it, or the problem.
    static func previewValues(_ checked: CheckedDraft) -> [String: TemplateValue] {
        var values: [String: TemplateValue] = [
            "previewProblem": checked.problem.map { .string($0.text) } ?? .null,
            "lesson": .null,
        ]
        if let lesson = checked.lesson, let body = checked.body {
            values["lesson"] = LessonsController.templateValue(lesson, body: body)
            values["readingMinutes"] = .int(LessonsController.readingMinutes(lesson))
            values["previewSlug"] = .string(lesson.slug)
        }
        return values
    }

    /// Save as draft or publish: checked like `bandup content check`, refused on a conflict.
    private func save(_ request: Request, slug: String?, context: WebContext) async throws -> Response {
        guard let user = context.user else { throw HTTPError(.unauthorized) }
        if let slug {
            let library = library
            guard try await backends.database({ _ in try await library.head(slug: slug) }) != nil else { throw HTTPError(.notFound) }
        }
        var request = request
        let fields = FormFields(String(buffer: try await request.collectBody(upTo: EditorForm.maximumBody + 64 * 1024)))
        var form = EditorForm(fields)
        let action: LessonLibrary.SaveAction = fields["action"] == "publish" ? .publish : .saveDraft
        let path = slug.map { "/editor/lessons/\($0)" } ?? "/editor/lessons/new"
        if let slug { form.draft.slug = slug }  // the slug names the lesson; it does not change
        let checked = await check(form.draft)
        guard let lesson = checked.lesson, checked.isValid else {
            return try await edit(form, slug: slug, context: context, path: path, problem: checked.problem, status: .unprocessableContent)
        }
        if action == .publish {
            do { try await staff.require(context) } catch let refusal as HTTPError {
                // The text stays in the form: saving it as a draft still works.
                return try await edit(form, slug: slug, context: context, path: path,
                                      problem: DraftProblem(field: "publish", line: nil, message: refusal.body ?? StaffSecondStep.message), status: refusal.status)
            }
        }
        let base: LessonLibrary.Base = slug == nil ? .newLesson : form.baseRevision.map { .revision($0) } ?? .revision(0)
        let library = library, source = form.draft.source
        do {
            let saved = try await backends.database { _ in try await library.save(lesson, source: source, base: base, authorID: user.id, action: action) }
            changes.changedHere("lessons")
            context.logger.notice("audit: lesson \(action.rawValue)", metadata: ["slug": "\(lesson.slug)", "revision": "\(saved.revision)", "by": "\(user.id)"])
            let message = switch (action, saved.changed) {
            case (.publish, _): "Published revision \(saved.revision). Learners now see it."
            case (_, true): "Saved revision \(saved.revision) as a draft. Learners still see the published version until you publish."
            default: "No changes to save."
            }
            return try await redirect(to: "/editor/lessons/\(lesson.slug)", message)
        } catch let conflict as EditConflict {
            // Someone saved after this edit began: keep this text, say whose and when, allow a deliberate second save.
            let started = form.baseRevision ?? 0
            form.baseRevision = conflict.currentRevision
            return try await edit(form, slug: slug, context: context, path: path, conflict: .dictionary([
                "revision": .int(conflict.currentRevision), "started": .int(started),
                "by": conflict.savedBy.map { .string($0) } ?? "someone", "at": .date(conflict.savedAt),
                "diff": .string("/editor/lessons/\(lesson.slug)/diff?from=\(started)&to=\(conflict.currentRevision)"),
            ]), status: .conflict)
        } catch is SlugTaken {
            return try await edit(form, slug: nil, context: context, path: path,
                                  problem: DraftProblem(field: "slug", line: nil, message: "Another lesson already has the slug '\(lesson.slug)'. Choose another."),
                                  status: .unprocessableContent)
        }
    }

    func redirect(to path: String, _ message: String) async throws -> Response {
        var response = Response.redirect(to: path, type: .normal)
        response.setCookie(try await flash.store([FlashMessage(kind: .success, text: message)]))
        return response
    }
}
