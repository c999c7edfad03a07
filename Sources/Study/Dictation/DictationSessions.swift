import Feedback
import Foundation
import Logging
import Practice
import PostgresNIO

/// A dictation session: ten sentences at one level, each heard (and replayed a few times) and
/// typed, marked word by word.
public struct DictationSession: Sendable, Equatable {
    public struct Answer: Sendable, Equatable {
        public let typed: String
        public let plays: Int
        public let marking: DictationMarking
    }

    public let id: UUID
    public let level: DictationSentence.Level
    public let sentences: [DictationSentence]
    /// By position; missing until answered.
    public let answers: [Int: Answer]
    public let startedAt: Date
    public let finishedAt: Date?

    /// The first sentence not answered yet, or nil when all are.
    public var nextPosition: Int? { sentences.indices.first { answers[$0] == nil } }
    public var accuracy: Double? {
        answers.isEmpty ? nil : answers.values.reduce(0) { $0 + $1.marking.accuracy } / Double(answers.count)
    }
}

/// Dictation sentences and learners' sessions in PostgreSQL (sessions scoped to their learner).
public struct DictationSessions: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Sentences in a session; a replay limit per sentence.
    public static let length = 10, plays = 3

    public init(client: PostgresClient, logger: Logger = Logger(label: "bandup.dictation")) {
        self.client = client
        self.logger = logger
    }

    /// Replaces the sentence list with `sentences` (those no longer listed stay for old sessions,
    /// but are not given again). How many were new or changed.
    public func importSentences(_ sentences: [DictationSentence]) async throws -> Int {
        let logger = self.logger
        do { return try await client.withTransaction(logger: logger) { connection in
            var changed = 0
            for sentence in sentences {
                let rows = try await connection.query("""
                    INSERT INTO dictation_sentences (id, level, text, audio, source, active)
                    VALUES (\(sentence.id), \(sentence.level.rawValue), \(sentence.text), \(sentence.audio), \(sentence.source), true)
                    ON CONFLICT (id) DO UPDATE SET level = EXCLUDED.level, text = EXCLUDED.text, audio = EXCLUDED.audio, source = EXCLUDED.source, active = true
                    WHERE (dictation_sentences.level, dictation_sentences.text, dictation_sentences.source, dictation_sentences.active)
                          IS DISTINCT FROM (EXCLUDED.level, EXCLUDED.text, EXCLUDED.source, true)
                    RETURNING id
                    """, logger: logger).decode(String.self)
                for try await _ in rows { changed += 1 }
            }
            try await connection.query("UPDATE dictation_sentences SET active = false WHERE NOT (id = ANY(\(sentences.map(\.id))))", logger: logger)
            return changed
        } } catch {
            throw JobRecords.unwrapped(error)
        }
    }

    /// How many sentences each level has.
    public func levels() async throws -> [DictationSentence.Level: Int] {
        let rows = try await client.query("SELECT level, count(*)::int FROM dictation_sentences WHERE active GROUP BY level", logger: logger).decode((String, Int).self)
        var counts: [DictationSentence.Level: Int] = [:]
        for try await (level, count) in rows { if let level = DictationSentence.Level(rawValue: level) { counts[level] = count } }
        return counts
    }

    /// Starts a session of up to ten sentences at `level`, those the learner has typed least first;
    /// nil when the level has no sentences.
    public func start(userID: Int64, level: DictationSentence.Level) async throws -> UUID? {
        let rows = try await client.query("""
            INSERT INTO dictation_sessions (user_id, level, sentences)
            SELECT \(userID), \(level.rawValue), array_agg(id) FROM (
                SELECT s.id FROM dictation_sentences s
                LEFT JOIN (SELECT a.sentence_id, count(*) AS times FROM dictation_answers a JOIN dictation_sessions d ON d.id = a.session_id
                           WHERE d.user_id = \(userID) GROUP BY a.sentence_id) done ON done.sentence_id = s.id
                WHERE s.active AND s.level = \(level.rawValue)
                ORDER BY coalesce(done.times, 0), random() LIMIT \(Self.length)) picked
            HAVING count(*) > 0
            RETURNING id
            """, logger: logger).decode(UUID.self)
        for try await id in rows { return id }
        return nil
    }

    /// The learner's session with its sentences and answers, or nil.
    public func session(_ id: UUID, userID: Int64) async throws -> DictationSession? {
        let rows = try await client.query("""
            SELECT d.level, d.started_at, d.finished_at, s.position::int, t.id, t.level, t.text, t.source, a.typed, a.plays
            FROM dictation_sessions d CROSS JOIN LATERAL unnest(d.sentences) WITH ORDINALITY AS s(sentence_id, position)
            JOIN dictation_sentences t ON t.id = s.sentence_id
            LEFT JOIN dictation_answers a ON a.session_id = d.id AND a.position = s.position - 1
            WHERE d.id = \(id) AND d.user_id = \(userID) ORDER BY s.position
            """, logger: logger).decode((String, Date, Date?, Int, String, String, String, String, String?, Int?).self)
        var level: DictationSentence.Level?, started = Date(), finished: Date?
        var sentences: [DictationSentence] = [], answers: [Int: DictationSession.Answer] = [:]
        for try await (sessionLevel, start, end, _, sentenceID, sentenceLevel, text, source, typed, plays) in rows {
            level = DictationSentence.Level(rawValue: sessionLevel)
            (started, finished) = (start, end)
            let sentence = DictationSentence(id: sentenceID, level: DictationSentence.Level(rawValue: sentenceLevel) ?? .easy, text: text, source: source)
            if let typed {
                answers[sentences.count] = DictationSession.Answer(typed: typed, plays: plays ?? 1, marking: DictationMarking(expected: text, typed: typed))
            }
            sentences.append(sentence)
        }
        guard let level else { return nil }
        return DictationSession(id: id, level: level, sentences: sentences, answers: answers, startedAt: started, finishedAt: finished)
    }

    /// Stores the learner's answer to the sentence at `position` (once: a second answer to the same
    /// sentence is ignored) and finishes the session after its last sentence. The marking, or nil
    /// when the session or position is not the learner's.
    public func answer(_ id: UUID, userID: Int64, position: Int, typed: String, plays: Int) async throws -> DictationMarking? {
        let typed = String(typed.trimmingCharacters(in: .whitespacesAndNewlines).prefix(600))
        let rows = try await client.query("""
            SELECT t.id, t.text FROM dictation_sessions d JOIN dictation_sentences t ON t.id = d.sentences[\(position + 1)]
            WHERE d.id = \(id) AND d.user_id = \(userID)
            """, logger: logger).decode((String, String).self)
        var found: (String, String)?
        for try await row in rows { found = row }
        guard let (sentenceID, text) = found else { return nil }
        let marking = DictationMarking(expected: text, typed: typed)
        try await client.query("""
            INSERT INTO dictation_answers (session_id, position, sentence_id, typed, plays, accuracy)
            VALUES (\(id), \(position), \(sentenceID), \(typed), \(min(max(plays, 1), 99)), \(marking.accuracy))
            ON CONFLICT (session_id, position) DO NOTHING
            """, logger: logger)
        try await client.query("""
            UPDATE dictation_sessions d SET finished_at = now()
            WHERE d.id = \(id) AND d.finished_at IS NULL
              AND (SELECT count(*) FROM dictation_answers a WHERE a.session_id = d.id) >= cardinality(d.sentences)
            """, logger: logger)
        return marking
    }

    /// The learner's finished sessions, newest first: level, when, accuracy.
    public func results(userID: Int64, limit: Int = 10) async throws -> [(level: DictationSentence.Level, finishedAt: Date, accuracy: Double)] {
        let rows = try await client.query("""
            SELECT d.level, d.finished_at, avg(a.accuracy) FROM dictation_sessions d JOIN dictation_answers a ON a.session_id = d.id
            WHERE d.user_id = \(userID) AND d.finished_at IS NOT NULL GROUP BY d.id ORDER BY d.finished_at DESC LIMIT \(limit)
            """, logger: logger).decode((String, Date, Double).self)
        var results: [(DictationSentence.Level, Date, Double)] = []
        for try await (level, finished, accuracy) in rows { results.append((DictationSentence.Level(rawValue: level) ?? .easy, finished, accuracy)) }
        return results
    }
}
