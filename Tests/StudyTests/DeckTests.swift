import Foundation
import Practice
import PostgresNIO
import Testing
import TestSupport
@testable import Study

/// Decks and cards on a real PostgreSQL: one learner never reaches another's, terms are not
/// added twice, grading schedules with FSRS once per showing, and new cards are limited per day.
@Suite struct DeckTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func cards(_ terms: [String]) -> [NewCard] {
        terms.map { NewCard(term: $0, definition: "the meaning of \($0)", example: "An example with \($0).") }
    }

    @Test func decksAndCardsBelongToTheirLearner() async throws {
        try await PostgresServer.shared.get().withMigratedDatabase { client in
            let decks = Decks(client: client)
            let ana = try await FeedbackFixture.learner(client, email: "ana@example.com"), bo = try await FeedbackFixture.learner(client, email: "bo@example.com")
            let deck = try await decks.create(userID: ana, name: "Environment")
            await #expect(throws: Decks.NameTaken.self) { _ = try await decks.create(userID: ana, name: "Environment") }
            _ = try await decks.create(userID: bo, name: "Environment")  // another learner may use the name
            let added = try #require(try await decks.add(Self.cards(["mitigate", "Mitigate", "emission"]) + [NewCard(term: "", definition: "x")],
                                                         to: deck, userID: ana, now: Self.start))
            #expect(added.added == ["mitigate", "emission"] && added.skipped == ["Mitigate", ""])
            let cards = try await decks.cards(in: deck, userID: ana)
            #expect(cards.map(\.term) == ["emission", "mitigate"])
            // Bo reaches none of it.
            #expect(try await decks.add(Self.cards(["x"]), to: deck, userID: bo, now: Self.start) == nil)
            #expect(try await decks.cards(in: deck, userID: bo).isEmpty)
            #expect(try await decks.card(cards[0].id, userID: bo) == nil)
            #expect(try await decks.deleteCard(cards[0].id, userID: bo) == false)
            #expect(try await decks.delete(deck, userID: bo) == false)
            #expect(try await decks.review(cards[0].id, userID: bo, rating: .good, reviewsSeen: 0, now: Self.start, scheduler: FSRS()) == nil)
            #expect(try await decks.all(userID: bo, now: Self.start).map(\.cards) == [0])
            #expect(try await decks.all(userID: ana, now: Self.start).map(\.cards) == [2])
        }
    }

    @Test func gradingSchedulesOnceAndNewCardsAreLimitedPerDay() async throws {
        try await PostgresServer.shared.get().withMigratedDatabase { client in
            let decks = Decks(client: client), scheduler = FSRS()
            let ana = try await FeedbackFixture.learner(client)
            let deck = try await decks.create(userID: ana, name: "Words")
            _ = try await decks.add(Self.cards(["one", "two", "three"]), to: deck, userID: ana, now: Self.start)
            var due = try await decks.due(userID: ana, now: Self.start, dayStart: Self.start, newPerDay: 2)
            #expect(due == Decks.Due(reviews: 0, new: 2))

            let first = try #require(try await decks.next(userID: ana, now: Self.start, dayStart: Self.start, newPerDay: 2))
            #expect(first.term == "one" && first.isNew)
            let preview = Decks.preview(first, now: Self.start, scheduler: scheduler)
            let graded = try #require(try await decks.review(first.id, userID: ana, rating: .good, reviewsSeen: 0, now: Self.start, scheduler: scheduler))
            #expect(graded.schedule.due == preview[.good], "the button's date is the date")
            #expect(graded.schedule == scheduler.review(first.schedule, .good, at: Self.start, random: Decks.fuzz(first)))
            // The same form sent twice grades once.
            #expect(try await decks.review(first.id, userID: ana, rating: .easy, reviewsSeen: 0, now: Self.start, scheduler: scheduler) == nil)
            #expect(try await decks.card(first.id, userID: ana)?.reviews == 1)

            let second = try #require(try await decks.next(userID: ana, now: Self.start, dayStart: Self.start, newPerDay: 2))
            #expect(second.term == "two")
            _ = try await decks.review(second.id, userID: ana, rating: .easy, reviewsSeen: 0, now: Self.start, scheduler: scheduler)
            // Two new cards today: the third waits for tomorrow.
            #expect(try await decks.next(userID: ana, now: Self.start, dayStart: Self.start, newPerDay: 2) == nil)
            due = try await decks.due(userID: ana, now: Self.start, dayStart: Self.start, newPerDay: 2)
            #expect(due == Decks.Due(reviews: 0, new: 0))
            // Ten minutes later "one" (Good: the 10-minute step) is due again.
            let later = Self.start.addingTimeInterval(600)
            #expect(try await decks.next(userID: ana, now: later, dayStart: Self.start, newPerDay: 2)?.term == "one")
            #expect(try await decks.due(userID: ana, now: later, dayStart: Self.start, newPerDay: 2) == Decks.Due(reviews: 1, new: 0))
            let tomorrow = Self.start.addingTimeInterval(86_400)
            #expect(try await decks.due(userID: ana, now: tomorrow, dayStart: tomorrow, newPerDay: 2).new == 1)
            var logged = 0
            for try await count in try await client.query("SELECT count(*)::int FROM card_reviews WHERE user_id = \(ana)").decode(Int.self) { logged = count }
            #expect(logged == 2)
        }
    }
}
