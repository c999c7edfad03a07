import Foundation
import Hummingbird
import NIOCore
import Practice
import Study
import Templates

/// A learner's flashcards: the overview (what is due, the decks, recent card sets), a deck with
/// its cards, adding and deleting cards and decks, and CSV import and export. Every deck and card
/// is the learner's own: another learner's is not found.
struct FlashcardsController {
    let pages: PageRenderer
    let backends: Backends
    let flash: FlashMessages
    let clock: WallClock
    let study: StudySettings
    let runtime: FeedbackRuntime

    var decks: Decks { Decks(client: backends.postgres) }

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("flashcards") { request, context in try await overview(request, context: context) }
        router.post("flashcards/decks") { request, context in try await createDeck(request, context: context) }
        router.get("flashcards/decks/:deck") { request, context in try await deck(request, context: context) }
        router.post("flashcards/decks/:deck/cards") { request, context in try await addCard(request, context: context) }
        router.post("flashcards/decks/:deck/rename") { request, context in try await rename(request, context: context) }
        router.post("flashcards/decks/:deck/delete") { _, context in try await deleteDeck(context) }
        router.get("flashcards/decks/:deck/export") { _, context in try await export(context) }
        router.post("flashcards/cards/:card/delete") { request, context in try await deleteCard(request, context: context) }
        router.post("flashcards/import") { request, context in try await importCSV(request, context: context) }
    }

    static func user(_ context: WebContext) throws -> Int64 {
        guard let user = context.user else { throw HTTPError(.unauthorized) }
        return user.id
    }

    static func id(_ context: WebContext, _ name: String) throws -> Int64 {
        guard let id = context.parameters.get(name).flatMap({ Int64($0) }), id > 0 else { throw HTTPError(.notFound) }
        return id
    }

    static func deckValue(_ deck: Deck) -> TemplateValue {
        .dictionary(["id": .int(Int(deck.id)), "name": .string(deck.name), "cards": .int(deck.cards), "due": .int(deck.due),
                     "href": .string("/flashcards/decks/\(deck.id)")])
    }

    private func overview(_ request: Request, context: WebContext) async throws -> Response {
        let user = try Self.user(context), now = clock.now(), decks = decks, study = study, sets = runtime.cardSets
        let (all, due, recent) = try await backends.database { _ in
            (try await decks.all(userID: user, now: now),
             try await decks.due(userID: user, now: now, dayStart: StudySettings.dayStart(now), newPerDay: study.newCardsPerDay),
             try await sets.recent(userID: user, limit: 5))
        }
        return try await pages.render("flashcards/index.html", [
            "decks": .array(all.map(Self.deckValue)),
            "due": .dictionary(["reviews": .int(due.reviews), "new": .int(due.new), "total": .int(due.total)]),
            "newPerDay": .int(study.newCardsPerDay),
            "sets": .array(recent.map { set in
                .dictionary(["title": .string(set.title), "href": .string("/flashcards/sets/\(set.id.uuidString.lowercased())"),
                             "state": .string(set.state.rawValue), "cards": .int(set.proposals.count), "kept": .bool(set.keptAt != nil),
                             "created": .date(set.createdAt)])
            }),
        ], request: request, context: context, path: "/flashcards", flash: flash)
    }

    private func createDeck(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let user = try Self.user(context), decks = decks
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
        let name = form.text("name").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 80 else {
            return try await flash.redirect(to: "/flashcards", .error, "Give the deck a name of up to 80 characters.")
        }
        do {
            let id = try await backends.database { _ in try await decks.create(userID: user, name: name) }
            return try await flash.redirect(to: "/flashcards/decks/\(id)", .success, "Deck “\(name)” created. Add its first cards below.")
        } catch is Decks.NameTaken {
            return try await flash.redirect(to: "/flashcards", .error, "You already have a deck called “\(name)”.")
        }
    }

    private func deck(_ request: Request, context: WebContext) async throws -> Response {
        let user = try Self.user(context), id = try Self.id(context, "deck"), now = clock.now(), decks = decks
        let (deck, cards) = try await backends.database { _ in
            (try await decks.deck(id, userID: user, now: now), try await decks.cards(in: id, userID: user))
        }
        guard let deck else { throw HTTPError(.notFound) }
        return try await pages.render("flashcards/deck.html", [
            "deck": Self.deckValue(deck),
            "cards": .array(cards.map { card in
                .dictionary([
                    "id": .int(Int(card.id)), "term": .string(card.term), "pos": .string(card.partOfSpeech ?? ""), "definition": .string(card.definition),
                    "example": .string(card.example ?? ""), "collocation": .string(card.collocation ?? ""),
                    "due": .string(card.isNew ? "new" : card.schedule.due <= now ? "due now" : "in " + StudySettings.interval(from: now, to: card.schedule.due)),
                ])
            }),
        ], request: request, context: context, path: "/flashcards", flash: flash)
    }

    private func addCard(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let user = try Self.user(context), id = try Self.id(context, "deck"), now = clock.now(), decks = decks
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
        func field(_ name: String) -> String? {
            let text = form.text(name).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        let card = NewCard(term: form.text("term").trimmingCharacters(in: .whitespacesAndNewlines), partOfSpeech: field("pos"),
                           definition: form.text("definition").trimmingCharacters(in: .whitespacesAndNewlines), example: field("example"),
                           collocation: field("collocation"))
        let path = "/flashcards/decks/\(id)"
        guard try await backends.database({ _ in try await decks.deck(id, userID: user, now: now) }) != nil else { throw HTTPError(.notFound) }
        if let problem = card.problem { return try await flash.redirect(to: path, .error, problem) }
        guard let result = try await backends.database({ _ in try await decks.add([card], to: id, userID: user, now: now) }) else { throw HTTPError(.notFound) }
        return try await result.added.isEmpty
            ? flash.redirect(to: path, .info, "This deck already has “\(card.term)”.")
            : flash.redirect(to: path, .success, "“\(card.term)” added. It is due for its first review now.")
    }

    private func rename(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let user = try Self.user(context), id = try Self.id(context, "deck"), decks = decks
        let name = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024))).text("name").trimmingCharacters(in: .whitespacesAndNewlines)
        let path = "/flashcards/decks/\(id)", now = clock.now()
        guard try await backends.database({ _ in try await decks.deck(id, userID: user, now: now) }) != nil else { throw HTTPError(.notFound) }
        guard !name.isEmpty, name.count <= 80 else { return try await flash.redirect(to: path, .error, "Give the deck a name of up to 80 characters.") }
        do {
            guard try await backends.database({ _ in try await decks.rename(id, userID: user, to: name) }) else { throw HTTPError(.notFound) }
            return try await flash.redirect(to: path, .success, "Renamed to “\(name)”.")
        } catch is Decks.NameTaken {
            return try await flash.redirect(to: path, .error, "You already have a deck called “\(name)”.")
        }
    }

    private func deleteDeck(_ context: WebContext) async throws -> Response {
        let user = try Self.user(context), id = try Self.id(context, "deck"), decks = decks
        guard try await backends.database({ _ in try await decks.delete(id, userID: user) }) else { throw HTTPError(.notFound) }
        return try await flash.redirect(to: "/flashcards", .success, "The deck and its cards are deleted.")
    }

    private func deleteCard(_ request: Request, context: WebContext) async throws -> Response {
        let user = try Self.user(context), id = try Self.id(context, "card"), decks = decks
        guard let card = try await backends.database({ _ in try await decks.card(id, userID: user) }) else { throw HTTPError(.notFound) }
        _ = try await backends.database { _ in try await decks.deleteCard(id, userID: user) }
        return try await flash.redirect(to: "/flashcards/decks/\(card.deckID)", .success, "“\(card.term)” deleted.")
    }

    /// The deck as a CSV download (cells a spreadsheet would run as formulas made inert).
    private func export(_ context: WebContext) async throws -> Response {
        let user = try Self.user(context), id = try Self.id(context, "deck"), now = clock.now(), decks = decks
        let (deck, cards) = try await backends.database { _ in (try await decks.deck(id, userID: user, now: now), try await decks.cards(in: id, userID: user)) }
        guard let deck else { throw HTTPError(.notFound) }
        let name = deck.name.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? String($0) : "-" }.joined()
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
            .contentDisposition: "attachment; filename=\"bandup-\(name.isEmpty ? "deck" : name).csv\"",
        ], body: .init(byteBuffer: ByteBuffer(string: CardCSV.write(cards.map(\.row)))))
    }

    /// A CSV file pasted (or read by the page's script from a chosen file) into a deck: the
    /// learner's chosen one, or a new one. Every rejected row is reported with its line.
    private func importCSV(_ request: Request, context: WebContext) async throws -> Response {
        var request = request
        let user = try Self.user(context), now = clock.now(), decks = decks
        let form: FormFields
        do { form = FormFields(String(buffer: try await request.collectBody(upTo: 2 * 1024 * 1024))) } catch is NIOTooManyBytesError {
            return try await flash.redirect(to: "/flashcards", .error, "That file is larger than 2 MB: split it and import the parts.")
        }
        let rows: [CardCSV.Row], rejected: [CardCSV.Rejected]
        do { (rows, rejected) = try CardCSV.read(form.text("csv")) } catch {
            return try await flash.redirect(to: "/flashcards", .error, "The CSV could not be read: \(error).")
        }
        let newName = form.text("newDeck").trimmingCharacters(in: .whitespacesAndNewlines)
        let chosen = Int64(form.text("deck"))
        guard !rows.isEmpty || !rejected.isEmpty else { return try await flash.redirect(to: "/flashcards", .error, "The CSV has no cards.") }
        let deckID: Int64
        if let chosen, newName.isEmpty {
            deckID = chosen
        } else {
            guard !newName.isEmpty, newName.count <= 80 else { return try await flash.redirect(to: "/flashcards", .error, "Choose a deck, or name a new one.") }
            deckID = try await backends.database { _ in try await decks.named(newName, userID: user) }
        }
        guard let result = try await backends.database({ _ in try await decks.add(rows.map { NewCard($0, source: "import") }, to: deckID, userID: user, now: now) }) else {
            throw HTTPError(.notFound)
        }
        var messages = [FlashMessage(kind: result.added.isEmpty ? .warning : .success,
                                     text: "Imported \(result.added.count) card\(result.added.count == 1 ? "" : "s").")]
        if !result.skipped.isEmpty { messages.append(FlashMessage(kind: .info, text: "Already in the deck, so skipped: \(result.skipped.prefix(20).joined(separator: ", ")).")) }
        if !rejected.isEmpty {
            messages.append(FlashMessage(kind: .warning, text: "\(rejected.count) row\(rejected.count == 1 ? " was" : "s were") left out: "
                                         + rejected.prefix(10).map(\.description).joined(separator: "; ") + (rejected.count > 10 ? "; …" : "") + "."))
        }
        return try await flash.redirect(to: "/flashcards/decks/\(deckID)", messages)
    }
}
