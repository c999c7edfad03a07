import Feedback
import Foundation
import Logging
import Practice
import PostgresNIO

/// A learner's decks and cards in PostgreSQL. Every call is scoped to the learner: another
/// learner's deck or card is simply not found.
public struct Decks: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger = Logger(label: "bandup.flashcards")) {
        self.client = client
        self.logger = logger
    }

    /// A deck's name is taken, for this learner.
    public struct NameTaken: Error, Sendable, Equatable { public let name: String }

    /// The learner's decks, with their card and due counts at `now`.
    public func all(userID: Int64, now: Date) async throws -> [Deck] {
        let rows = try await client.query("""
            SELECT d.id, d.name, count(c.id)::int, count(c.id) FILTER (WHERE c.due <= \(now))::int, d.created_at
            FROM decks d LEFT JOIN cards c ON c.deck_id = d.id WHERE d.user_id = \(userID)
            GROUP BY d.id ORDER BY d.name
            """, logger: logger).decode((Int64, String, Int, Int, Date).self)
        var decks: [Deck] = []
        for try await (id, name, cards, due, created) in rows { decks.append(Deck(id: id, name: name, cards: cards, due: due, createdAt: created)) }
        return decks
    }

    public func deck(_ id: Int64, userID: Int64, now: Date) async throws -> Deck? {
        try await all(userID: userID, now: now).first { $0.id == id }
    }

    /// Creates a deck, or throws ``NameTaken``.
    public func create(userID: Int64, name: String) async throws -> Int64 {
        let name = String(name.trimmingCharacters(in: .whitespacesAndNewlines).prefix(80))
        do {
            let rows = try await client.query("INSERT INTO decks (user_id, name) VALUES (\(userID), \(name)) RETURNING id", logger: logger).decode(Int64.self)
            for try await id in rows { return id }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw NameTaken(name: name)
        }
        throw PostgresError.protocol("no deck id returned")
    }

    /// The learner's deck called `name`, made if there is none (lessons' and essays' cards go to one each).
    public func named(_ name: String, userID: Int64) async throws -> Int64 {
        let name = String(name.prefix(80))
        let rows = try await client.query("""
            INSERT INTO decks (user_id, name) VALUES (\(userID), \(name))
            ON CONFLICT (user_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id
            """, logger: logger).decode(Int64.self)
        for try await id in rows { return id }
        throw PostgresError.protocol("no deck id returned")
    }

    public func rename(_ id: Int64, userID: Int64, to name: String) async throws -> Bool {
        let name = String(name.trimmingCharacters(in: .whitespacesAndNewlines).prefix(80))
        do {
            let rows = try await client.query("UPDATE decks SET name = \(name) WHERE id = \(id) AND user_id = \(userID) RETURNING id", logger: logger).decode(Int64.self)
            for try await _ in rows { return true }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw NameTaken(name: name)
        }
        return false
    }

    /// Deletes the deck and its cards.
    public func delete(_ id: Int64, userID: Int64) async throws -> Bool {
        let rows = try await client.query("DELETE FROM decks WHERE id = \(id) AND user_id = \(userID) RETURNING id", logger: logger).decode(Int64.self)
        for try await _ in rows { return true }
        return false
    }

    /// Adds cards to the learner's deck (new cards are due at `now`); a term the deck already has
    /// is skipped. The terms added and the terms skipped; nil when the deck is not the learner's.
    public func add(_ cards: [NewCard], to deckID: Int64, userID: Int64, now: Date) async throws -> (added: [String], skipped: [String])? {
        let logger = self.logger
        do { return try await client.withTransaction(logger: logger) { connection in
            let owned = try await connection.query("SELECT id FROM decks WHERE id = \(deckID) AND user_id = \(userID) FOR UPDATE", logger: logger)
                .decode(Int64.self)
            var found = false
            for try await _ in owned { found = true }
            guard found else { return nil }
            var added: [String] = [], skipped: [String] = []
            for card in cards {
                guard card.problem == nil else { skipped.append(card.term); continue }
                let rows = try await connection.query("""
                    INSERT INTO cards (deck_id, user_id, term, part_of_speech, definition, example, collocation, topic, source, due)
                    VALUES (\(deckID), \(userID), \(card.term.trimmingCharacters(in: .whitespacesAndNewlines)), \(card.content.partOfSpeech),
                            \(card.content.definition.trimmingCharacters(in: .whitespacesAndNewlines)), \(card.content.example), \(card.content.collocation),
                            \(card.content.topic), \(card.source), \(now))
                    ON CONFLICT (deck_id, lower(term)) DO NOTHING RETURNING id
                    """, logger: logger).decode(Int64.self)
                var inserted = false
                for try await _ in rows { inserted = true }
                if inserted { added.append(card.term) } else { skipped.append(card.term) }
            }
            return (added, skipped)
        } } catch {
            throw JobRecords.unwrapped(error)
        }
    }

    /// The deck's cards, alphabetically.
    public func cards(in deckID: Int64, userID: Int64) async throws -> [Flashcard] {
        try await flashcards(query: "SELECT \(unescaped: Self.cardColumns) FROM cards c WHERE c.deck_id = \(deckID) AND c.user_id = \(userID) ORDER BY lower(c.term)")
    }

    public func card(_ id: Int64, userID: Int64) async throws -> Flashcard? {
        try await flashcards(query: "SELECT \(unescaped: Self.cardColumns) FROM cards c WHERE c.id = \(id) AND c.user_id = \(userID)").first
    }

    public func deleteCard(_ id: Int64, userID: Int64) async throws -> Bool {
        let rows = try await client.query("DELETE FROM cards WHERE id = \(id) AND user_id = \(userID) RETURNING id", logger: logger).decode(Int64.self)
        for try await _ in rows { return true }
        return false
    }

    /// Every term in the learner's decks, lower-cased (what card generation leaves out).
    public func terms(userID: Int64) async throws -> [String] {
        let rows = try await client.query("SELECT DISTINCT lower(term) FROM cards WHERE user_id = \(userID)", logger: logger).decode(String.self)
        var terms: [String] = []
        for try await term in rows { terms.append(term) }
        return terms
    }

    static let cardColumns = """
        c.id, c.deck_id, c.term, c.part_of_speech, c.definition, c.example, c.collocation, c.topic, c.source,
        c.state, c.step, c.stability, c.difficulty, c.due, c.last_review, c.reviews, c.lapses
        """

    func flashcards(query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> [Flashcard] {
        let rows = if let connection { try await connection.query(query, logger: logger) } else { try await client.query(query, logger: logger) }
        var cards: [Flashcard] = []
        for try await row in rows {
            let columns = row.makeRandomAccess()
            func cell<T: PostgresDecodable>(_ index: Int, _ type: T.Type) throws -> T { try columns[index].decode(T.self, context: .default) }
            let schedule = FSRS.Card(state: FSRS.State(rawValue: Int(try cell(9, Int16.self))) ?? .learning, step: try cell(10, Int16?.self).map(Int.init),
                                     stability: try cell(11, Double?.self), difficulty: try cell(12, Double?.self), due: try cell(13, Date.self),
                                     lastReview: try cell(14, Date?.self))
            cards.append(Flashcard(id: try cell(0, Int64.self), deckID: try cell(1, Int64.self), term: try cell(2, String.self), partOfSpeech: try cell(3, String?.self),
                                   definition: try cell(4, String.self), example: try cell(5, String?.self), collocation: try cell(6, String?.self),
                                   topic: try cell(7, String?.self), source: try cell(8, String.self), schedule: schedule,
                                   reviews: try cell(15, Int.self), lapses: try cell(16, Int.self)))
        }
        return cards
    }
}
