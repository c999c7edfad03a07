import Feedback
import Foundation
import Practice
import PostgresNIO

/// Reviewing: which card comes next, grading it (FSRS schedules the next review), and the counts
/// the pages show. New cards are limited per day; cards already learnt come first.
extension Decks {
    /// What is waiting for the learner now.
    public struct Due: Sendable, Equatable {
        /// Cards seen before whose review is due.
        public let reviews: Int
        /// New cards the learner may start today (at most the daily limit).
        public let new: Int
        public var total: Int { reviews + new }
    }

    /// New cards started since `dayStart`.
    public func newCardsStarted(userID: Int64, since dayStart: Date) async throws -> Int {
        let rows = try await client.query("SELECT count(*)::int FROM card_reviews WHERE user_id = \(userID) AND was_new AND reviewed_at >= \(dayStart)",
                                          logger: logger).decode(Int.self)
        for try await count in rows { return count }
        return 0
    }

    /// What is due at `now` (in one deck, or all), with `newPerDay` new cards a day counted from `dayStart`.
    public func due(userID: Int64, deckID: Int64? = nil, now: Date, dayStart: Date, newPerDay: Int) async throws -> Due {
        let rows = try await client.query("""
            SELECT count(*) FILTER (WHERE reviews > 0 AND due <= \(now))::int, count(*) FILTER (WHERE reviews = 0)::int
            FROM cards WHERE user_id = \(userID) AND (\(deckID)::bigint IS NULL OR deck_id = \(deckID))
            """, logger: logger).decode((Int, Int).self)
        var reviews = 0, unseen = 0
        for try await (due, new) in rows { (reviews, unseen) = (due, new) }
        let started = try await newCardsStarted(userID: userID, since: dayStart)
        return Due(reviews: reviews, new: min(unseen, max(0, newPerDay - started)))
    }

    /// The next card to review: the most overdue card seen before, else a new card while today's
    /// new cards are under `newPerDay`; nil when nothing is due.
    public func next(userID: Int64, deckID: Int64? = nil, now: Date, dayStart: Date, newPerDay: Int) async throws -> Flashcard? {
        try await dueCards(userID: userID, deckID: deckID, now: now, dayStart: dayStart, newPerDay: newPerDay, limit: 1).first
    }

    /// The cards to review now, in order: cards seen before whose review is due (most overdue
    /// first), then new cards while today's new cards are under `newPerDay`; at most `limit`.
    public func dueCards(userID: Int64, deckID: Int64? = nil, now: Date, dayStart: Date, newPerDay: Int, limit: Int) async throws -> [Flashcard] {
        let due = try await flashcards(query: """
            SELECT \(unescaped: Self.cardColumns) FROM cards c
            WHERE c.user_id = \(userID) AND (\(deckID)::bigint IS NULL OR c.deck_id = \(deckID)) AND c.reviews > 0 AND c.due <= \(now)
            ORDER BY c.due, c.id LIMIT \(limit)
            """)
        let allowance = min(limit - due.count, newPerDay - (try await newCardsStarted(userID: userID, since: dayStart)))
        guard allowance > 0 else { return due }
        return due + (try await flashcards(query: """
            SELECT \(unescaped: Self.cardColumns) FROM cards c
            WHERE c.user_id = \(userID) AND (\(deckID)::bigint IS NULL OR c.deck_id = \(deckID)) AND c.reviews = 0
            ORDER BY c.created_at, c.id LIMIT \(allowance)
            """))
    }

    /// Grades the learner's card: FSRS schedules it, and the review is logged. `reviewsSeen` is
    /// how many reviews the card had when the learner saw it: a second submission of the same
    /// grade (a double click, a resent form) changes nothing. The card after the review, or nil
    /// when it is not the learner's (or was graded already).
    public func review(_ cardID: Int64, userID: Int64, rating: FSRS.Rating, reviewsSeen: Int, now: Date, scheduler: FSRS) async throws -> Flashcard? {
        let logger = self.logger
        do {
            return try await client.withTransaction(logger: logger) { connection in
                let locked = try await flashcards(query: """
                    SELECT \(unescaped: Self.cardColumns) FROM cards c WHERE c.id = \(cardID) AND c.user_id = \(userID) FOR UPDATE
                    """, on: connection)
                guard let card = locked.first, card.reviews == reviewsSeen else { return nil }
                let next = scheduler.review(card.schedule, rating, at: now, random: Self.fuzz(card))
                let lapse = card.schedule.state == .review && rating == .again ? 1 : 0
                try await connection.query("""
                    UPDATE cards SET state = \(Int16(next.state.rawValue)), step = \(next.step.map { Int16($0) }), stability = \(next.stability),
                        difficulty = \(next.difficulty), due = \(next.due), last_review = \(next.lastReview), reviews = reviews + 1, lapses = lapses + \(lapse)
                    WHERE id = \(cardID)
                    """, logger: logger)
                try await connection.query("""
                    INSERT INTO card_reviews (card_id, user_id, rating, reviewed_at, was_new, state, stability, difficulty, due)
                    VALUES (\(cardID), \(userID), \(Int16(rating.rawValue)), \(now), \(card.isNew), \(Int16(next.state.rawValue)),
                            \(next.stability ?? 0), \(next.difficulty ?? 0), \(next.due))
                    """, logger: logger)
                return Flashcard(id: card.id, deckID: card.deckID, term: card.term, partOfSpeech: card.partOfSpeech, definition: card.definition,
                                 example: card.example, collocation: card.collocation, topic: card.topic, source: card.source, schedule: next,
                                 reviews: card.reviews + 1, lapses: card.lapses + lapse)
            }
        } catch {
            throw JobRecords.unwrapped(error)
        }
    }

    /// When the card would be due after each grade, as the review buttons show it (the same
    /// spread as grading, so what the button says is what happens).
    public static func preview(_ card: Flashcard, now: Date, scheduler: FSRS) -> [FSRS.Rating: Date] {
        scheduler.preview(card.schedule, at: now, random: fuzz(card))
    }

    /// The card's interval spread for its next review: fixed by the card and its review count.
    static func fuzz(_ card: Flashcard) -> Double {
        var z = UInt64(bitPattern: card.id) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(card.reviews)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }

    /// How many cards the learner reviewed on each of the last days (for the dashboard).
    public func reviewCount(userID: Int64, since: Date) async throws -> Int {
        let rows = try await client.query("SELECT count(*)::int FROM card_reviews WHERE user_id = \(userID) AND reviewed_at >= \(since)", logger: logger)
            .decode(Int.self)
        for try await count in rows { return count }
        return 0
    }
}
