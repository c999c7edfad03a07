import Foundation
import AssetPipeline
import Content
import Hummingbird
import Synchronization
import Templates

/// The lesson catalogue (filters, ranked search, pages) and lesson pages, for everyone.
struct LessonsController {
    let pages: PageRenderer
    let backends: Backends
    let assets: AssetCatalog
    let flash: FlashMessages
    /// Where each published lesson sits (revision, neighbours), kept until lessons change.
    let places: PublishedLessons
    let cache = RenderedLessons()
    static let perPage = 12

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("lessons") { request, context in try await catalogue(request, context: context) }
        router.get("lessons/:slug") { request, context in try await lesson(request, context: context) }
        router.post("lessons/:slug/check") { request, context in try await check(request, context: context) }
    }

    /// Routes for signed-in learners (the group requires a user).
    func addLearnerRoutes(to router: some RouterMethods<WebContext>) {
        router.post("lessons/:slug/done") { _, context in
            guard let user = context.user, let slug = context.parameters.get("slug") else { throw HTTPError(.notFound) }
            let postgres = backends.postgres
            guard try await backends.database({ _ in try await LessonLibrary(client: postgres).markDone(userID: user.id, slug: slug) }) else {
                throw HTTPError(.notFound)
            }
            var response = Response.redirect(to: "/lessons/\(slug)", type: .normal)
            response.setCookie(try await flash.store([FlashMessage(kind: .success, text: "Marked as done. Well done!")]))
            return response
        }
    }

    private func catalogue(_ request: Request, context: WebContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let skill = parameters["skill"].flatMap { LessonSkill(rawValue: String($0)) }
        let band = parameters["band"].flatMap { Double(String($0)) }.flatMap { Self.bands.contains($0) ? $0 : nil }
        let query = parameters["q"].map(String.init)?.trimmed ?? ""
        let page = max(1, min(1000, parameters.get("page", as: Int.self) ?? 1))
        let postgres = backends.postgres
        let topics = try await backends.database { _ in try await LessonLibrary(client: postgres).topics() }
        let topic = parameters["topic"].map(String.init).flatMap { topics.contains($0) ? $0 : nil }
        let (lessons, total) = try await backends.database { _ in
            try await LessonLibrary(client: postgres).catalogue(skill: skill, band: band, topic: topic, query: query.isEmpty ? nil : String(query.prefix(200)),
                                                                page: page, perPage: Self.perPage)
        }
        let pageCount = max(1, (total + Self.perPage - 1) / Self.perPage)
        var progress: [String: (done: Int, total: Int)] = [:]
        if let user = context.user {
            progress = try await backends.database { _ in try await LessonLibrary(client: postgres).progress(userID: user.id) }
        }
        func link(skill: LessonSkill?, page: Int = 1) -> String {
            var items: [String] = []
            if let skill { items.append("skill=\(skill.rawValue)") }
            if let band { items.append("band=\(band)") }
            if let topic { items.append("topic=\(Self.queryEncoded(topic))") }
            if !query.isEmpty { items.append("q=\(Self.queryEncoded(query))") }
            if page > 1 { items.append("page=\(page)") }
            return "/lessons" + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
        }
        return try pages.render("lessons/index.html", [
            "lessons": .array(lessons.map { lesson in
                .dictionary(["slug": .string(lesson.slug), "title": .string(lesson.title), "skill": .string(lesson.skill),
                             "level": .string(lesson.level), "topic": .string(lesson.topic), "summary": .string(lesson.summary),
                             "minutes": .int(lesson.minutes), "snippet": lesson.snippet.map(Self.highlighted) ?? .null])
            }),
            "skills": .array(LessonSkill.allCases.map { .dictionary(["name": .string($0.rawValue), "current": .bool($0 == skill), "href": .string(link(skill: $0))]) }),
            "allSkills": .string(link(skill: nil)),
            "bands": .array(Self.bands.map { .dictionary(["value": .string(String($0)), "current": .bool($0 == band)]) }),
            "topics": .array(topics.map { .dictionary(["name": .string($0), "current": .bool($0 == topic)]) }),
            "progress": .array(LessonSkill.allCases.compactMap { skill in
                progress[skill.rawValue].map { .dictionary(["skill": .string(skill.rawValue), "done": .int($0.done), "total": .int($0.total)]) }
            }),
            "skill": skill.map { .string($0.rawValue) } ?? .null,
            "filtered": .bool(skill != nil || band != nil || topic != nil || !query.isEmpty),
            "query": .string(query),
            "total": .int(total),
            "page": .int(page), "pageCount": .int(pageCount),
            "previous": page > 1 ? .string(link(skill: skill, page: page - 1)) : .null,
            "next": page < pageCount ? .string(link(skill: skill, page: page + 1)) : .null,
        ], context: context, path: request.uri.path)
    }

    /// The bands a learner can filter by: 4.0 to 8.5 in half bands.
    static let bands = stride(from: 4.0, through: 8.5, by: 0.5).map { $0 }

    static func queryEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    private func lesson(_ request: Request, context: WebContext) async throws -> Response {
        guard let slug = context.parameters.get("slug"), slug.utf8.count <= 100 else { throw HTTPError(.notFound) }
        let (facts, rendered) = try await published(slug, for: context.user?.id)
        return try await page(rendered, facts: facts, slug: slug, request: request, context: context, answered: nil)
    }

    /// A question group's answers, marked: the same page with that group's marks (200, so the
    /// browser keeps the answers; JavaScript swaps in just the group).
    private func check(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        guard let slug = context.parameters.get("slug"), slug.utf8.count <= 100 else { throw HTTPError(.notFound) }
        let (facts, rendered) = try await published(slug, for: context.user?.id)
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
        let groups = rendered.body.questionGroups
        guard let index = form["group"].flatMap({ Int($0) }), groups.indices.contains(index) else {
            throw HTTPError(.badRequest, message: "These answers are for a question group this lesson does not have. Reload the lesson and try again.")
        }
        let group = groups[index]
        var answers: [Int: [String]] = [:]
        for question in group.questions {
            answers[question.number] = form.all("q\(question.number)").prefix(26).map { String($0.prefix(200)) }
        }
        let answered = LessonBody.Answered(group: index, answers: answers, marks: group.mark(answers: answers))
        return try await page(rendered, facts: facts, slug: slug, request: request, context: context, answered: answered)
    }

    /// The published lesson, parsed and rendered once per revision, and the page's facts for this
    /// learner: from memory, plus one query for "done" when signed in (a slug the kept catalogue
    /// lacks is asked for, in case it was published a moment ago), and a query for the source only
    /// when this revision is not rendered yet.
    func published(_ slug: String, for userID: Int64?) async throws -> (LessonLibrary.PageFacts, RenderedLesson) {
        let library = LessonLibrary(client: backends.postgres)
        let backends = backends
        let catalogue = try await places.value { try await backends.database { _ in try await library.publishedPlaces() } }
        let facts: LessonLibrary.PageFacts
        if let place = catalogue[slug] {
            var done = false
            if let userID { done = try await backends.database { _ in try await library.isDone(lessonID: place.id, userID: userID) } }
            facts = LessonLibrary.PageFacts(revision: place.revision, previous: place.previous, next: place.next, done: done)
        } else {
            guard let asked = try await backends.database({ _ in try await library.pageFacts(slug: slug, userID: userID) }) else { throw HTTPError(.notFound) }
            facts = asked
        }
        if let rendered = cache.lesson(slug: slug, revision: facts.revision) { return (facts, rendered) }
        guard let source = try await backends.database({ _ in try await library.revision(slug: slug, number: facts.revision) }) else {
            throw HTTPError(.notFound)
        }
        let lesson = try Lesson.parse(source, file: "\(slug).md")
        let rendered = RenderedLesson(lesson: lesson, body: try lesson.body(with: renderer, file: "\(slug).md"))
        cache.store(rendered, slug: slug, revision: facts.revision)
        return (facts, rendered)
    }

    /// How lessons on the site find their media: Public/ files through the asset catalog, uploads
    /// at `/media/uploads/…`.
    var renderer: MarkdownRenderer {
        let resolver = LessonMedia.Resolver(assets: assets)
        return MarkdownRenderer(resolveMedia: { resolver.resolve($0) })
    }

    private func page(_ rendered: RenderedLesson, facts: LessonLibrary.PageFacts, slug: String, request: Request, context: WebContext,
                      answered: LessonBody.Answered?) async throws -> Response {
        let (messages, clear) = try await flash.take(from: request)
        var response = try pages.render("lessons/show.html", [
            "slug": .string(slug),
            "done": .bool(facts.done),
            "readingMinutes": .int(rendered.readingMinutes),
            "wordCount": .int(rendered.wordCount),
            "previous": facts.previous.map { .dictionary(["slug": .string($0.slug), "title": .string($0.title)]) } ?? .null,
            "next": facts.next.map { .dictionary(["slug": .string($0.slug), "title": .string($0.title)]) } ?? .null,
            "lesson": answered.map { Self.templateValue(rendered.lesson, body: rendered.body, answered: $0) } ?? rendered.page,
        ], context: context, path: "/lessons", flash: messages)
        if let clear { response.setCookie(clear) }
        return response
    }

    /// About 200 words a minute of the words a learner reads (not the questions' YAML; counted byte
    /// by byte: this runs once per revision, but it once ran per request and showed in profiles).
    static func readingMinutes(_ lesson: Lesson) -> Int {
        var words = 0, inWord = false
        for byte in MarkdownRenderer.searchText(lesson.body).utf8 {
            let space = byte == 0x20 || (0x09...0x0D).contains(byte)
            if !space, !inWord { words += 1 }
            inWord = !space
        }
        return max(1, (words + 199) / 200)
    }

    /// What `lessons/show.html` (and the editor's preview) read of a lesson.
    static func templateValue(_ lesson: Lesson, body: LessonBody, answered: LessonBody.Answered? = nil) -> TemplateValue {
        .dictionary([
            "title": .string(lesson.title), "skill": .string(lesson.skill.rawValue), "topic": .string(lesson.topic),
            "level": .string("\(lesson.level.lowerBound)-\(lesson.level.upperBound)"), "minutes": .int(lesson.minutes),
            "summary": .string(lesson.summary), "parts": body.templateValue(answered: answered),
            "vocabulary": .array(lesson.vocabulary.map { item in
                .dictionary(["term": .string(item.term), "definition": .string(item.definition),
                             "pos": item.partOfSpeech.map { .string($0) } ?? .null, "example": item.example.map { .string($0) } ?? .null])
            }),
        ])
    }

    /// `a [match] b` → segments the template marks up, so the highlight needs no trusted HTML.
    static func highlighted(_ snippet: String) -> TemplateValue {
        var segments: [TemplateValue] = []
        var marked = false
        var current = ""
        let start = Character(LessonLibrary.markStart), end = Character(LessonLibrary.markEnd)
        for character in snippet {
            if character == start || character == end {
                if !current.isEmpty { segments.append(.dictionary(["text": .string(current), "marked": .bool(marked)])) }
                current = ""
                marked = character == start
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { segments.append(.dictionary(["text": .string(current), "marked": .bool(marked)])) }
        return .array(segments)
    }
}

/// A lesson as its page needs it, worked out once per revision.
struct RenderedLesson: Sendable {
    let lesson: Lesson
    let body: LessonBody
    let readingMinutes: Int
    /// How many words the lesson teaches (its front matter and ```vocab blocks): what "add to my flashcards" adds.
    let wordCount: Int
    /// What the page template reads when no answers are being marked. Made only of dictionaries,
    /// arrays, strings and trusted HTML (values, no shared models) and never changed: safe to share.
    nonisolated(unsafe) let page: TemplateValue

    init(lesson: Lesson, body: LessonBody) {
        self.lesson = lesson
        self.body = body
        readingMinutes = LessonsController.readingMinutes(lesson)
        wordCount = (try? lesson.words())?.count ?? lesson.vocabulary.count
        page = LessonsController.templateValue(lesson, body: body)
    }
}

/// The published lessons' places, by slug, kept in memory until the ``ChangeFeed`` says lessons
/// changed (on any instance) or this instance publishes.
typealias PublishedLessons = NotifiedValue<[String: LessonLibrary.PublishedPlace]>

/// Rendered lessons by slug and revision: each revision is rendered once.
final class RenderedLessons: Sendable {
    private let entries = Mutex<[String: (revision: Int, lesson: RenderedLesson)]>([:])

    func lesson(slug: String, revision: Int) -> RenderedLesson? {
        entries.withLock { $0[slug] }.flatMap { $0.revision == revision ? $0.lesson : nil }
    }

    func store(_ lesson: RenderedLesson, slug: String, revision: Int) {
        entries.withLock { $0[slug] = (revision, lesson) }
    }
}
