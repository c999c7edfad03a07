import API
import Foundation
import Hummingbird
import Practice
import Study

/// Flashcards over the API: decks, what is due, a review scheduled by FSRS (once per showing),
/// and card sets made from a lesson, a topic or an essay by the job queue.
struct FlashcardOperations {
    let backends: Backends
    let clock: WallClock
    let study: StudySettings
    let cardSets: CardSetsController
    let runtime: FeedbackRuntime

    var handlers: [String: APIHandler] {
        ["listDecks": decks, "listDueCards": due, "reviewCard": review, "createCardSet": createSet, "getCardSet": set]
    }

    var store: Decks { Decks(client: backends.postgres) }

    func decks(_ call: APICall) async throws -> Response {
        let user = try call.user, store = store, now = clock.now()
        let decks = try await backends.database { _ in try await store.all(userID: user.id, now: now) }
        return APIResponse.json(["decks": .array(decks.map { deck in
            .object([("id", .int(deck.id)), ("name", .string(deck.name)), ("cards", .int(Int64(deck.cards))), ("due", .int(Int64(deck.due)))])
        })])
    }

    func due(_ call: APICall) async throws -> Response {
        let user = try call.user, deckID = try call.integer("id"), store = store, now = clock.now(), study = study, limit = call.limit
        let dayStart = StudySettings.dayStart(now)
        guard try await backends.database({ _ in try await store.deck(deckID, userID: user.id, now: now) }) != nil else {
            throw Problem(.notFound, "You have no deck with this id.")
        }
        let (due, cards) = try await backends.database { _ in
            (try await store.due(userID: user.id, deckID: deckID, now: now, dayStart: dayStart, newPerDay: study.newCardsPerDay),
             try await store.dueCards(userID: user.id, deckID: deckID, now: now, dayStart: dayStart, newPerDay: study.newCardsPerDay, limit: limit))
        }
        return APIResponse.json(["reviews": .int(Int64(due.reviews)), "new": .int(Int64(due.new)), "cards": .array(cards.map(Self.card))])
    }

    func review(_ call: APICall) async throws -> Response {
        let user = try call.user, cardID = try call.integer("id"), store = store, now = clock.now(), scheduler = study.scheduler
        guard let card = try await backends.database({ _ in try await store.card(cardID, userID: user.id) }) else {
            throw Problem(.notFound, "You have no card with this id.")
        }
        let grades: [String: FSRS.Rating] = ["again": .again, "hard": .hard, "good": .good, "easy": .easy]
        guard let rating = call.json["grade"]?.string.flatMap({ grades[$0] }) else { throw Problem(.validation, "Grade the card again, hard, good or easy.") }
        let seen = call.json["reviewsSeen"]?.int.map { Int($0) } ?? card.reviews
        let reviewed = try await backends.database { _ in
            try await store.review(cardID, userID: user.id, rating: rating, reviewsSeen: seen, now: now, scheduler: scheduler)
        }
        var current = card
        if let reviewed { current = reviewed } else if let now = try await backends.database({ _ in try await store.card(cardID, userID: user.id) }) { current = now }
        return APIResponse.json(["applied": .bool(reviewed != nil), "card": Self.card(current)], status: .created)
    }

    func createSet(_ call: APICall) async throws -> Response {
        let user = try call.user
        guard let source = call.json["from"]?.string.flatMap(CardGeneration.Source.init(rawValue:)) else {
            throw Problem(.validation, "Say what the cards are from: lesson, topic or essay.")
        }
        let reference = (call.json["reference"]?.string ?? "").trimmingCharacters(in: .whitespaces)
        guard let set = try await cardSets.requestSet(source, reference, userID: user.id) else {
            throw Problem(.notFound, "There is no \(source.rawValue) '\(reference)' to make cards from\(source == .essay ? " (an essay must be one of your assessed answers)" : "").")
        }
        call.logger.info("card set requested", metadata: ["set": "\(set.id)", "source": "\(source.rawValue)", "via": "api"])
        return APIResponse.created(Self.set(set), at: "/api/v1/card-sets/\(set.id.uuidString.lowercased())", status: .accepted)
    }

    func set(_ call: APICall) async throws -> Response {
        let user = try call.user, id = try call.uuid("id"), sets = runtime.cardSets
        guard let set = try await backends.database({ _ in try await sets.find(id, userID: user.id) }) else {
            throw Problem(.notFound, "You have no card set with this id.")
        }
        return APIResponse.json(Self.set(set))
    }

    static func card(_ card: Flashcard) -> JSONValue {
        .object([
            ("id", .int(card.id)), ("deck", .int(card.deckID)), ("term", .string(card.term)), ("partOfSpeech", .text(card.partOfSpeech)),
            ("definition", .string(card.definition)), ("example", .text(card.example)), ("reviews", .int(Int64(card.reviews))),
            ("due", .date(card.schedule.due)), ("isNew", .bool(card.isNew)),
        ])
    }

    static func set(_ set: CardGeneration) -> JSONValue {
        .object([
            ("id", .string(set.id.uuidString.lowercased())), ("from", .string(set.source.rawValue)), ("title", .string(set.title)),
            ("state", .string(set.state.rawValue)), ("failure", .text(set.failure)),
            ("cards", .array(set.proposals.map { card in
                .object([("term", .string(card.term)), ("partOfSpeech", .text(card.partOfSpeech)), ("definition", .string(card.definition)),
                         ("example", .text(card.example))])
            })),
        ])
    }
}
