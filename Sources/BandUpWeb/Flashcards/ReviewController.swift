import Foundation
import Hummingbird
import Practice
import Study
import Templates

/// Reviewing flashcards one at a time: the word, then (Show answer, or space) its meaning and the
/// four grades, each with when the card would come back; a grade (a button, or keys 1-4) is
/// scheduled by FSRS and the next card follows. Works without JavaScript (`?reveal=1`).
struct ReviewController {
    let pages: PageRenderer
    let backends: Backends
    let flash: FlashMessages
    let clock: WallClock
    let study: StudySettings

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("flashcards/review") { request, context in try await page(request, context: context) }
        router.post("flashcards/review/:card") { request, context in try await grade(request, context: context) }
    }

    static let grades: [(FSRS.Rating, String)] = [(.again, "Again"), (.hard, "Hard"), (.good, "Good"), (.easy, "Easy")]

    private func page(_ request: Request, context: WebContext) async throws -> Response {
        let user = try FlashcardsController.user(context), now = clock.now(), study = study, decks = Decks(client: backends.postgres)
        let deckID = request.uri.queryParameters.get("deck").flatMap { Int64($0) }
        let reveal = request.uri.queryParameters.get("reveal") == "1"
        let dayStart = StudySettings.dayStart(now)
        let (card, due, deck) = try await backends.database { _ in
            (try await decks.next(userID: user, deckID: deckID, now: now, dayStart: dayStart, newPerDay: study.newCardsPerDay),
             try await decks.due(userID: user, deckID: deckID, now: now, dayStart: dayStart, newPerDay: study.newCardsPerDay),
             try await deckID.asyncMap { try await decks.deck($0, userID: user, now: now) } ?? nil)
        }
        if deckID != nil, deck == nil { throw HTTPError(.notFound) }
        let deckQuery = deckID.map { "deck=\($0)" }
        var values: [String: TemplateValue] = [
            "deck": deck.map(FlashcardsController.deckValue) ?? .null,
            "due": .dictionary(["reviews": .int(due.reviews), "new": .int(due.new), "total": .int(due.total)]),
            "reveal": .bool(reveal),
            "revealHref": .string("/flashcards/review?" + ([deckQuery, "reveal=1"].compactMap { $0 }.joined(separator: "&"))),
            "deckQuery": .string(deckQuery ?? ""),
            "card": .null,
        ]
        if let card {
            let preview = Decks.preview(card, now: now, scheduler: study.scheduler)
            values["card"] = .dictionary([
                "id": .int(Int(card.id)), "term": .string(card.term), "pos": .string(card.partOfSpeech ?? ""), "definition": .string(card.definition),
                "example": .string(card.example ?? ""), "collocation": .string(card.collocation ?? ""), "topic": .string(card.topic ?? ""),
                "isNew": .bool(card.isNew), "seen": .int(card.reviews), "action": .string("/flashcards/review/\(card.id)"),
            ])
            values["grades"] = .array(Self.grades.map { rating, label in
                .dictionary(["value": .int(rating.rawValue), "label": .string(label),
                             "when": .string(preview[rating].map { StudySettings.interval(from: now, to: $0) } ?? "")])
            })
        }
        return try await pages.render("flashcards/review.html", values, request: request, context: context, path: "/flashcards", flash: flash)
    }

    private func grade(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let user = try FlashcardsController.user(context), id = try FlashcardsController.id(context, "card"), now = clock.now()
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 4 * 1024)))
        let decks = Decks(client: backends.postgres), scheduler = study.scheduler
        guard try await backends.database({ _ in try await decks.card(id, userID: user) }) != nil else { throw HTTPError(.notFound) }
        guard let rating = Int(form.text("rating")).flatMap(FSRS.Rating.init(rawValue:)), let seen = Int(form.text("seen")) else {
            throw HTTPError(.badRequest, message: "Choose Again, Hard, Good or Easy.")
        }
        let deck = Int64(form.text("deck")).map { "?deck=\($0)" } ?? ""
        // A grade sent twice (a double click) is applied once: the second finds the card reviewed already.
        _ = try await backends.database { _ in try await decks.review(id, userID: user, rating: rating, reviewsSeen: seen, now: now, scheduler: scheduler) }
        return .redirect(to: "/flashcards/review" + deck, type: .normal)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
