import Foundation
import Testing
import TestSupport
@testable import Practice

/// BandUp's FSRS-6 against the reference implementation (py-fsrs 6.3.2, pinned in
/// scripts/lib/packages.sh): generated review logs (early, on-time and late reviews, every
/// rating) replayed through both must give the same state, step, stability, difficulty and due
/// date after every review.
@Suite struct FSRSReferenceTests {
    struct Review: Codable { let rating: Int; let at: Double; let random: Double }
    struct Logs: Codable { let fuzz: Bool; let cards: [[Review]] }
    struct Outcome: Codable { let state: Int; let step: Int?; let stability: Double?; let difficulty: Double?; let due: Double }

    /// Review logs for `count` cards, each reviewed up to 30 times by BandUp's scheduler: ratings
    /// mostly Good, some Again, Hard and Easy; reviews early (the same day), on time and late.
    static func logs(cards count: Int, fuzz: Bool, seed: UInt64) -> (Logs, [[FSRS.Card]]) {
        var random = SplitMix64(state: seed)  // the same logs on every run
        let scheduler = FSRS(fuzz: fuzz)
        var cards: [[Review]] = [], states: [[FSRS.Card]] = []
        for _ in 0..<count {
            var now = Date(timeIntervalSince1970: 1_767_225_600 + Double(Int.random(in: 0..<86_400, using: &random)))
            var card = FSRS.Card.new(due: now)
            var reviews: [Review] = [], seen: [FSRS.Card] = []
            for _ in 0..<Int.random(in: 1...30, using: &random) {
                let roll = Double.random(in: 0..<1, using: &random)
                let rating: FSRS.Rating = roll < 0.15 ? .again : roll < 0.3 ? .hard : roll < 0.85 ? .good : .easy
                let draw = Double.random(in: 0..<1, using: &random)
                card = scheduler.review(card, rating, at: now, random: draw)
                reviews.append(Review(rating: rating.rawValue, at: now.timeIntervalSince1970, random: draw))
                seen.append(card)
                // The next review: early, on time or late, never before a minute has passed.
                let interval = card.due.timeIntervalSince(now)
                let timing = Double.random(in: 0..<1, using: &random)
                let offset = timing < 0.2 ? interval * Double.random(in: 0.05..<0.9, using: &random)
                    : timing < 0.7 ? interval : interval * Double.random(in: 1..<3, using: &random)
                now = now.addingTimeInterval(max(60, offset.rounded()))
            }
            cards.append(reviews)
            states.append(seen)
        }
        return (Logs(fuzz: fuzz, cards: cards), states)
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-9 * max(1, abs(b))
    }

    @Test(arguments: [false, true]) func theSameScheduleAsTheReference(fuzz: Bool) async throws {
        let (logs, ours) = Self.logs(cards: 300, fuzz: fuzz, seed: fuzz ? 2026 : 6)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fsrs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("logs.json"), output = folder.appendingPathComponent("reference.json")
        try JSONEncoder().encode(logs).write(to: input)
        let (status, printed) = try await PythonScript.runAside("Tests/Reference/fsrs_reference.py", [input.path, output.path])
        try #require(status == 0, "\(printed)")
        let reference = try JSONDecoder().decode([[Outcome]].self, from: Data(contentsOf: output))
        try #require(reference.count == ours.count)
        var compared = 0, mismatches: [String] = []
        for (card, (mine, theirs)) in zip(ours, reference).enumerated() {
            for (review, (a, b)) in zip(mine, theirs).enumerated() {
                compared += 1
                let same = a.state.rawValue == b.state && a.step == b.step && Self.close(a.stability, b.stability)
                    && Self.close(a.difficulty, b.difficulty) && abs(a.due.timeIntervalSince1970 - b.due) < 0.001
                if !same, mismatches.count < 5 { mismatches.append("card \(card) review \(review): ours \(a), reference \(b)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        #expect(compared > 3_000, "\(compared) reviews compared")
        // The logs reach every state and every rating, and fuzzed intervals really spread.
        let states = Set(ours.joined().map(\.state)), ratings = Set(logs.cards.joined().map(\.rating))
        #expect(states == [.learning, .review, .relearning] && ratings == [1, 2, 3, 4])
    }

    @Test func firstReviewsOfANewCard() {
        let scheduler = FSRS(fuzz: false), start = Date(timeIntervalSince1970: 1_767_225_600)
        let card = FSRS.Card.new(due: start)
        let after = Dictionary(uniqueKeysWithValues: FSRS.Rating.allCases.map { ($0, scheduler.review(card, $0, at: start)) })
        // Again and Hard stay in the learning steps (1 minute; halfway between 1 and 10), Good
        // moves to the 10-minute step, Easy graduates to days.
        #expect(after[.again]!.due.timeIntervalSince(start) == 60 && after[.hard]!.due.timeIntervalSince(start) == 330)
        #expect(after[.good]!.due.timeIntervalSince(start) == 600 && after[.good]!.step == 1)
        #expect(after[.easy]!.state == .review && after[.easy]!.due.timeIntervalSince(start) >= 86_400 * 7)
        #expect(after[.again]!.stability == FSRS.defaultWeights[0] && after[.easy]!.stability == FSRS.defaultWeights[3])
        #expect(after.values.allSatisfy { (1...10).contains($0.difficulty!) })
        // Recall falls with time: 90% when the interval is up.
        let easy = after[.easy]!
        #expect(abs(scheduler.retrievability(easy, at: easy.due) - 0.9) < 0.01)
        #expect(scheduler.retrievability(easy, at: start) == 1)
    }
}
