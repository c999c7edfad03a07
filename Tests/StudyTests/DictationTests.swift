import Foundation
import Practice
import Testing
import TestSupport
@testable import Study

/// Dictation sessions on a real PostgreSQL: ten sentences at a level, answers marked and stored
/// once, another learner's session out of reach, the results.
@Suite struct DictationTests {
    static let sentences = (1...14).map { DictationSentence(id: "s-\($0)", level: $0 <= 12 ? .easy : .hard, text: "The ferry number \($0) leaves at noon.", source: "test") }

    @Test func aSessionOfTenIsAnsweredAndMarked() async throws {
        try await PostgresServer.shared.get().withMigratedDatabase { client in
            let sessions = DictationSessions(client: client)
            #expect(try await sessions.importSentences(Self.sentences) == 14)
            #expect(try await sessions.importSentences(Self.sentences) == 0, "importing again changes nothing")
            #expect(try await sessions.levels() == [.easy: 12, .hard: 2])
            let ana = try await FeedbackFixture.learner(client, email: "ana@example.com"), bo = try await FeedbackFixture.learner(client, email: "bo@example.com")
            #expect(try await sessions.start(userID: ana, level: .medium) == nil, "no medium sentences")
            let id = try #require(try await sessions.start(userID: ana, level: .easy))
            let session = try #require(try await sessions.session(id, userID: ana))
            #expect(session.sentences.count == 10 && session.sentences.allSatisfy { $0.level == .easy } && session.nextPosition == 0)
            #expect(try await sessions.session(id, userID: bo) == nil)
            #expect(try await sessions.answer(id, userID: bo, position: 0, typed: "x", plays: 1) == nil)

            let first = session.sentences[0]
            let marking = try #require(try await sessions.answer(id, userID: ana, position: 0, typed: first.text.replacingOccurrences(of: "ferry", with: "fery"), plays: 2))
            #expect(marking.misspelt == 1 && marking.percent < 100)
            // Answering the same sentence again keeps the first answer.
            _ = try await sessions.answer(id, userID: ana, position: 0, typed: first.text, plays: 1)
            #expect(try await sessions.session(id, userID: ana)?.answers[0]?.marking.misspelt == 1)
            #expect(try await sessions.answer(id, userID: ana, position: 10, typed: "x", plays: 1) == nil, "no eleventh sentence")
            for position in 1..<10 {
                _ = try await sessions.answer(id, userID: ana, position: position, typed: session.sentences[position].text, plays: 1)
            }
            let done = try #require(try await sessions.session(id, userID: ana))
            #expect(done.finishedAt != nil && done.nextPosition == nil)
            let results = try await sessions.results(userID: ana)
            #expect(results.count == 1 && results[0].level == .easy && results[0].accuracy > 0.9 && results[0].accuracy < 1)
            // The next session starts with the sentences Ana has not typed yet.
            let nextID = try #require(try await sessions.start(userID: ana, level: .easy))
            let next = try #require(try await sessions.session(nextID, userID: ana))
            #expect(Set(next.sentences.prefix(2).map(\.id)).isDisjoint(with: Set(session.sentences.map(\.id))))
        }
    }
}
