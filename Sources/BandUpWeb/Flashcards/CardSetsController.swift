import Content
import Feedback
import Foundation
import Hummingbird
import Practice
import Scorer
import Study
import Templates

/// Flashcards from a lesson, a topic or one of the learner's essays: the request is stored, a job
/// on the feedback queue proposes 10-30 cards, they stream into the page (server-sent events),
/// and the learner keeps the ones they want in a deck. Also the one-click "add this lesson's
/// words". Every set is the learner's own.
struct CardSetsController {
    let pages: PageRenderer
    let backends: Backends
    let flash: FlashMessages
    let clock: WallClock
    let runtime: FeedbackRuntime

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("flashcards/generate") { request, context in try await form(request, context: context) }
        router.post("flashcards/generate") { request, context in try await generate(request, context: context) }
        router.get("flashcards/sets/:set") { request, context in try await set(request, context: context) }
        router.get("flashcards/sets/:set/events") { request, context in try await events(request, context: context) }
        router.post("flashcards/sets/:set/keep") { request, context in try await keep(request, context: context) }
        router.post("flashcards/sets/:set/retry") { _, context in try await retry(context) }
        router.post("lessons/:slug/flashcards") { _, context in try await addLessonWords(context) }
    }

    var library: LessonLibrary { LessonLibrary(client: backends.postgres) }

    private func load(_ context: WebContext) async throws -> CardGeneration {
        let user = try FlashcardsController.user(context), sets = runtime.cardSets
        guard let id = context.parameters.get("set").flatMap(UUID.init(uuidString:)),
              let set = try await backends.database({ _ in try await sets.find(id, userID: user) }) else { throw HTTPError(.notFound) }
        return set
    }

    static func href(_ set: CardGeneration) -> String { "/flashcards/sets/\(set.id.uuidString.lowercased())" }

    private func form(_ request: Request, context: WebContext) async throws -> Response {
        let user = try FlashcardsController.user(context), library = library, attempts = runtime.attempts
        let (lessons, topics, answers) = try await backends.database { _ in
            (try await library.catalogue(perPage: 200).lessons, try await library.topics(), try await attempts.history(userID: user))
        }
        return try await pages.render("flashcards/generate.html", [
            "lessons": .array(lessons.map { .dictionary(["slug": .string($0.slug), "title": .string($0.title), "skill": .string($0.skill)]) }),
            "topics": .array(topics.map { .string($0) }),
            "essays": .array(answers.filter { $0.state == .complete }.map { answer in
                .dictionary(["id": .string(answer.id.uuidString.lowercased()), "title": .string(answer.promptTitle), "task": .string(answer.task.displayName),
                             "sent": answer.submittedAt.map { .date($0) } ?? .null])
            }),
            "chosenLesson": .string(request.uri.queryParameters.get("lesson") ?? ""),
        ], request: request, context: context, path: "/flashcards", flash: flash)
    }

    /// Stores the request (the outbox sends it if Redis is away) before the learner is told anything.
    private func generate(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let user = try FlashcardsController.user(context)
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
        guard let source = CardGeneration.Source(rawValue: form.text("source")) else {
            return try await flash.redirect(to: "/flashcards/generate", .error, "Choose what the cards are about: a lesson, a topic or one of your essays.")
        }
        let reference = form.text(source.rawValue).trimmingCharacters(in: .whitespaces)
        guard !reference.isEmpty, reference.utf8.count <= 200 else {
            return try await flash.redirect(to: "/flashcards/generate", .error, "Choose the \(source.rawValue) the cards are about.")
        }
        guard let set = try await requestSet(source, reference, userID: user) else {
            return try await flash.redirect(to: "/flashcards/generate", .error, "There is no such \(source.rawValue) to make cards from.")
        }
        context.logger.info("card set requested", metadata: ["set": "\(set.id)", "source": "\(source.rawValue)"])
        return try await flash.redirect(to: Self.href(set), .success, "Received. Your cards are being chosen.")
    }

    /// Stores a request for cards from a lesson, a topic or an essay (within the daily quota of
    /// paid assessments) and queues it; nil when there is no such material.
    func requestSet(_ source: CardGeneration.Source, _ reference: String, userID user: Int64) async throws -> CardGeneration? {
        guard var material = try await material(source, reference, userID: user) else { return nil }
        let decks = Decks(client: backends.postgres), sets = runtime.cardSets, settings = runtime.settings
        material.known = try await backends.database { _ in try await decks.terms(userID: user) }
        var paidAllowed = true
        if settings.providers.contains(where: \.isPaid) {
            let since = StudySettings.dayStart(clock.now())
            paidAllowed = try await backends.database { _ in try await sets.paidRequests(userID: user, since: since) } < settings.dailyPaidLimit
        }
        let stored = material, paid = paidAllowed
        let set = try await backends.database { _ in
            try await sets.create(userID: user, source: source, sourceRef: reference, material: stored, paidAllowed: paid)
        }
        await runtime.send(set.id, kind: "cards")
        return set
    }

    /// What the generator reads for a lesson, a topic (its lessons) or an essay; nil when there is none.
    func material(_ source: CardGeneration.Source, _ reference: String, userID: Int64) async throws -> CardMaterial? {
        let library = library
        switch source {
        case .lesson:
            guard let (lesson, words, text) = try await lessonWords(reference) else { return nil }
            return CardMaterial(title: "Lesson: \(lesson.title)", topic: lesson.topic, words: words, text: text)
        case .topic:
            let lessons = try await backends.database { _ in try await library.catalogue(topic: reference, perPage: 6).lessons }
            var words: [VocabularyItem] = [], text = ""
            for summary in lessons {
                guard let (_, lessonWords, lessonText) = try await lessonWords(summary.slug) else { continue }
                words += lessonWords
                text += lessonText + "\n\n"
            }
            return lessons.isEmpty ? nil : CardMaterial(title: "Topic: \(reference)", topic: reference, words: words, text: text)
        case .essay:
            guard let id = UUID(uuidString: reference) else { return nil }
            let attempts = runtime.attempts
            guard let answer = try await backends.database({ _ in try await attempts.attempt(id: id, userID: userID) }), answer.state == .complete else { return nil }
            let flagged = (answer.result?.annotations ?? []).compactMap { annotation -> String? in
                guard let match = annotation.problem.firstMatch(of: /'([A-Za-z'-]+)' is misspelt/) else { return nil }
                return Speller.shared?.suggestion(for: String(match.1)).map { $0.lowercased() }
            }
            return CardMaterial(title: "Your answer: \(answer.promptTitle)", topic: answer.promptTitle, words: [], text: answer.answer, flagged: flagged)
        }
    }

    /// A published lesson, its words (front matter and ```vocab blocks) and its text.
    func lessonWords(_ slug: String) async throws -> (Lesson, [VocabularyItem], String)? {
        let library = library
        guard let (source, _) = try await backends.database({ _ in try await library.published(slug: slug) }) else { return nil }
        let lesson = try Lesson.parse(source, file: "\(slug).md")
        let words = try lesson.words(file: "\(slug).md")
        return (lesson, words, MarkdownRenderer.searchText(lesson.body))
    }

    private func set(_ request: Request, context: WebContext) async throws -> Response {
        let set = try await load(context), user = try FlashcardsController.user(context), now = clock.now()
        let decks = Decks(client: backends.postgres)
        let mine = try await backends.database { _ in try await decks.all(userID: user, now: now) }
        return try await pages.render("flashcards/set.html", [
            "set": .dictionary([
                "title": .string(set.title), "state": .string(set.state.rawValue), "href": .string(Self.href(set)),
                "events": .string(Self.href(set) + "/events"), "failure": .string(set.failure ?? ""), "provider": .string(set.provider ?? ""),
                "kept": .bool(set.keptAt != nil), "estimate": .bool(set.provider == "offline"),
            ]),
            "proposals": .array(set.proposals.enumerated().map { index, card in Self.proposalValue(card, index: index) }),
            "decks": .array(mine.map(FlashcardsController.deckValue)),
            "newDeck": .string(String(set.title.prefix(80))),
        ], request: request, context: context, path: "/flashcards", flash: flash)
    }

    static func proposalValue(_ card: CardProposal, index: Int) -> TemplateValue {
        .dictionary(["index": .int(index), "term": .string(card.term), "pos": .string(card.partOfSpeech ?? ""), "definition": .string(card.definition),
                     "example": .string(card.example ?? ""), "collocation": .string(card.collocation ?? ""), "topic": .string(card.topic ?? "")])
    }

    private func events(_ request: Request, context: WebContext) async throws -> Response {
        let set = try await load(context), user = try FlashcardsController.user(context), sets = runtime.cardSets
        return try await JobEventStream(runtime: runtime).response(set.id, request: request, final: set.finalEvent, waiting: "Waiting for a worker…") {
            try? await sets.find(set.id, userID: user)?.finalEvent
        }
    }

    private func keep(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let set = try await load(context), user = try FlashcardsController.user(context), now = clock.now()
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
        let chosen = Set(form.all("keep").compactMap { Int($0) }).sorted().filter(set.proposals.indices.contains)
        guard set.state == .complete, !chosen.isEmpty else {
            return try await flash.redirect(to: Self.href(set), .error, "Tick the cards you want to keep.")
        }
        let decks = Decks(client: backends.postgres), sets = runtime.cardSets
        let newName = form.text("newDeck").trimmingCharacters(in: .whitespacesAndNewlines)
        let deckID: Int64
        if let existing = Int64(form.text("deck")), newName.isEmpty {
            deckID = existing
        } else {
            guard !newName.isEmpty, newName.count <= 80 else { return try await flash.redirect(to: Self.href(set), .error, "Choose a deck, or name a new one.") }
            deckID = try await backends.database { _ in try await decks.named(newName, userID: user) }
        }
        let cards = chosen.map { NewCard(set.proposals[$0], source: "generated") }
        guard let result = try await backends.database({ _ in try await decks.add(cards, to: deckID, userID: user, now: now) }) else { throw HTTPError(.notFound) }
        try await backends.database { _ in try await sets.markKept(set.id, userID: user, deckID: deckID) }
        var text = "Kept \(result.added.count) card\(result.added.count == 1 ? "" : "s")."
        if !result.skipped.isEmpty { text += " Already in the deck: \(result.skipped.joined(separator: ", "))." }
        return try await flash.redirect(to: "/flashcards/decks/\(deckID)", .success, text)
    }

    private func retry(_ context: WebContext) async throws -> Response {
        let set = try await load(context), user = try FlashcardsController.user(context), sets = runtime.cardSets
        if try await backends.database({ _ in try await sets.retry(set.id, userID: user) }) {
            _ = try? await runtime.events.redis.delete(runtime.events.stream(of: set.id))  // a fresh stream for the new try
            await runtime.send(set.id, kind: "cards")
        }
        return .redirect(to: Self.href(set), type: .normal)
    }

    /// One click on a lesson page: the lesson's words into the learner's deck for that lesson.
    private func addLessonWords(_ context: WebContext) async throws -> Response {
        let user = try FlashcardsController.user(context), now = clock.now()
        guard let slug = context.parameters.get("slug"), slug.utf8.count <= 100, let (lesson, words, _) = try await lessonWords(slug) else {
            throw HTTPError(.notFound)
        }
        let path = "/lessons/\(slug)"
        guard !words.isEmpty else { return try await flash.redirect(to: path, .info, "This lesson has no word list to add.") }
        let decks = Decks(client: backends.postgres), name = String("Lesson: \(lesson.title)".prefix(80))
        let cards = words.map { NewCard(term: $0.term, partOfSpeech: $0.partOfSpeech, definition: $0.definition, example: $0.example,
                                        topic: lesson.topic, source: "lesson:\(slug)") }
        let result = try await backends.database { _ in
            let deck = try await decks.named(name, userID: user)
            return try await decks.add(cards, to: deck, userID: user, now: now)
        }
        guard let result else { throw HTTPError(.notFound) }
        let text = result.added.isEmpty
            ? "Your deck “\(name)” already has this lesson's words."
            : "Added \(result.added.count) word\(result.added.count == 1 ? "" : "s") to your deck “\(name)”. They are ready to review."
        return try await flash.redirect(to: path, .success, text)
    }
}
