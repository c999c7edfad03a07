import Feedback
import Foundation
import Logging
import PostgresNIO

/// A set of flashcards the learner asked for: what it is made from, and once the job has run,
/// the cards it proposes. Stored before its job is queued (the outbox sends what never reached
/// the queue); its proposals are stored once.
public struct CardGeneration: Sendable, Equatable {
    public enum State: String, Sendable { case queued, complete, failed }
    public enum Source: String, Sendable, CaseIterable { case lesson, topic, essay }

    public let id: UUID
    public let userID: Int64
    public let source: Source
    /// The lesson's slug, the topic, or the answer's id.
    public let sourceRef: String
    public let title: String
    public let material: CardMaterial
    public let paidAllowed: Bool
    public let state: State
    public let proposals: [CardProposal]
    public let provider: String?
    public let failure: String?
    public let createdAt: Date
    public let keptAt: Date?

    /// The event that ends the job's stream once it is done.
    public var finalEvent: JobEvent? {
        switch state {
        case .complete: .finished(CardGenerations.summary(count: proposals.count, provider: provider ?? ""))
        case .failed: .failed(failure ?? "We could not make these cards.")
        case .queued: nil
        }
    }
}

/// Card sets in PostgreSQL, scoped to their learner for the learner's calls.
public struct CardGenerations: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger = Logger(label: "bandup.cards")) {
        self.client = client
        self.logger = logger
    }

    /// The queue bookkeeping of card sets (leases, the outbox).
    public var records: JobRecords { JobRecords(client: client, table: "card_generations", logger: logger) }

    static let columns = """
        id, user_id, source, source_ref, title, material::text, paid_allowed, state, proposals::text, provider, failure, created_at, kept_at
        """

    /// Stores a request for cards (not yet queued).
    public func create(userID: Int64, source: CardGeneration.Source, sourceRef: String, material: CardMaterial, paidAllowed: Bool) async throws -> CardGeneration {
        let json = String(decoding: try JSONEncoder().encode(material), as: UTF8.self)
        return try await one("""
            INSERT INTO card_generations (user_id, source, source_ref, title, material, paid_allowed)
            VALUES (\(userID), \(source.rawValue), \(sourceRef), \(material.title), \(json)::jsonb, \(paidAllowed))
            RETURNING \(unescaped: Self.columns)
            """)!
    }

    /// The learner's card set, or nil (also when it is someone else's).
    public func find(_ id: UUID, userID: Int64) async throws -> CardGeneration? {
        try await one("SELECT \(unescaped: Self.columns) FROM card_generations WHERE id = \(id) AND user_id = \(userID)")
    }

    /// The learner's recent card sets, newest first.
    public func recent(userID: Int64, limit: Int = 10) async throws -> [CardGeneration] {
        try await all("SELECT \(unescaped: Self.columns) FROM card_generations WHERE user_id = \(userID) ORDER BY created_at DESC LIMIT \(limit)")
    }

    /// How many sets the learner asked for since `since` that a paid provider could make.
    public func paidRequests(userID: Int64, since: Date) async throws -> Int {
        let rows = try await client.query("SELECT count(*)::int FROM card_generations WHERE user_id = \(userID) AND paid_allowed AND created_at >= \(since)",
                                          logger: logger).decode(Int.self)
        for try await count in rows { return count }
        return 0
    }

    /// Notes that the learner kept cards from the set, into `deckID`.
    public func markKept(_ id: UUID, userID: Int64, deckID: Int64) async throws {
        try await client.query("UPDATE card_generations SET kept_at = now(), kept_deck_id = \(deckID) WHERE id = \(id) AND user_id = \(userID)", logger: logger)
    }

    /// A failed set asked for again; false when it had not failed.
    public func retry(_ id: UUID, userID: Int64) async throws -> Bool {
        try await one("""
            UPDATE card_generations SET state = 'queued', failure = NULL, enqueued_at = NULL, deliveries = 0, lease_until = NULL
            WHERE id = \(id) AND user_id = \(userID) AND state = 'failed' RETURNING \(unescaped: Self.columns)
            """) != nil
    }

    // MARK: The worker's side

    /// The set while it waits for its cards, or nil.
    public func waiting(_ id: UUID) async throws -> CardGeneration? {
        try await one("SELECT \(unescaped: Self.columns) FROM card_generations WHERE id = \(id) AND state = 'queued'")
    }

    /// The set when it is done (complete or failed), or nil.
    public func finished(_ id: UUID) async throws -> CardGeneration? {
        try await one("SELECT \(unescaped: Self.columns) FROM card_generations WHERE id = \(id) AND state IN ('complete', 'failed')")
    }

    /// Stores the proposals, once: false when the set was no longer waiting.
    public func complete(_ id: UUID, proposals: [CardProposal], provider: String) async throws -> Bool {
        let json = String(decoding: try JSONEncoder().encode(proposals), as: UTF8.self)
        let rows = try await client.query("""
            UPDATE card_generations SET state = 'complete', proposals = \(json)::jsonb, provider = \(provider), completed_at = now(), lease_until = NULL
            WHERE id = \(id) AND state = 'queued' RETURNING id
            """, logger: logger).decode(UUID.self)
        for try await _ in rows { return true }
        return false
    }

    /// Gives up on the set: the learner sees `message` and can ask again.
    public func fail(_ id: UUID, message: String) async throws -> Bool {
        let rows = try await client.query("""
            UPDATE card_generations SET state = 'failed', failure = \(message), lease_until = NULL WHERE id = \(id) AND state = 'queued' RETURNING id
            """, logger: logger).decode(UUID.self)
        for try await _ in rows { return true }
        return false
    }

    /// `{"cards": 12, "provider": "offline"}`: what the final event says.
    static func summary(count: Int, provider: String) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: ["cards": count, "provider": provider], options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
    }

    // MARK: Rows

    private func one(_ query: PostgresQuery) async throws -> CardGeneration? { try await all(query).first }

    private func all(_ query: PostgresQuery) async throws -> [CardGeneration] {
        var sets: [CardGeneration] = []
        for try await row in try await client.query(query, logger: logger) {
            let (id, userID, source, ref, title, material, paid, state, proposals, provider, failure, created, kept) =
                try row.decode((UUID, Int64, String, String, String, String, Bool, String, String, String?, String?, Date, Date?).self)
            guard let source = CardGeneration.Source(rawValue: source), let state = CardGeneration.State(rawValue: state),
                  let material = try? JSONDecoder().decode(CardMaterial.self, from: Data(material.utf8)) else { continue }
            sets.append(CardGeneration(id: id, userID: userID, source: source, sourceRef: ref, title: title, material: material, paidAllowed: paid,
                                       state: state, proposals: (try? JSONDecoder().decode([CardProposal].self, from: Data(proposals.utf8))) ?? [],
                                       provider: provider, failure: failure, createdAt: created, keptAt: kept))
        }
        return sets
    }
}
