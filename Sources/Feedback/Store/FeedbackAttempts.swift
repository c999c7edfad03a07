import Foundation
import Logging
import Practice
import PostgresNIO

/// Writing and Speaking answers in PostgreSQL. Learners' calls are scoped to the learner (another
/// learner's attempt is simply not found); the worker's calls take an attempt by id. An answer is
/// stored before anything is queued, and a result is stored once.
public struct FeedbackAttempts: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger = Logger(label: "bandup.feedback")) {
        self.client = client
        self.logger = logger
    }

    static let columns = """
        id, user_id, prompt_slug, task, prompt_title, prompt_text, keywords::text, mode, state, answer, seconds, audio_key, audio_type,
        started_at, saved_at, submitted_at, paid_allowed, delayed, completed_at, feedback, result::text, failure
        """

    /// The learner's draft for the prompt, created when there is none (one draft per prompt).
    /// `mode` nil keeps the draft's mode (timed for a new one). A timed draft's clock
    /// (`clockMinutes`) starts again when the mode changes or its time ran out long ago; the text is kept.
    public func draft(userID: Int64, prompt: PromptSnapshot, mode: FeedbackAttempt.Mode?, clockMinutes: Int? = nil) async throws -> FeedbackAttempt {
        let minutes = Double(clockMinutes ?? 0), requested = mode?.rawValue
        return try await one("""
            INSERT INTO feedback_attempts (user_id, prompt_slug, task, prompt_title, prompt_text, keywords, mode)
            VALUES (\(userID), \(prompt.slug), \(prompt.task.rawValue), \(prompt.title), \(prompt.text), \(Self.json(prompt.keywords))::jsonb,
                    coalesce(\(requested)::text, 'timed'))
            ON CONFLICT (user_id, prompt_slug) WHERE state = 'draft' DO UPDATE SET mode = coalesce(\(requested)::text, feedback_attempts.mode),
                started_at = CASE WHEN feedback_attempts.mode <> coalesce(\(requested)::text, feedback_attempts.mode)
                                    OR feedback_attempts.started_at < now() - make_interval(secs => \(minutes * 60 * 2)) THEN now()
                                  ELSE feedback_attempts.started_at END
            RETURNING \(unescaped: Self.columns)
            """)!
    }

    /// The draft's recording, uploaded before the answer is sent; false when it is not a draft of the learner's.
    public func attachRecording(id: UUID, userID: Int64, key: String, type: String, seconds: Double?) async throws -> Bool {
        try await one("""
            UPDATE feedback_attempts SET audio_key = \(key), audio_type = \(type), seconds = coalesce(\(seconds), seconds), saved_at = now()
            WHERE id = \(id) AND user_id = \(userID) AND state = 'draft' RETURNING \(unescaped: Self.columns)
            """) != nil
    }

    /// Whether any answer still plays the recording at `key` (a corrected transcript's answer shares its original's).
    public func plays(recording key: String) async throws -> Bool {
        for try await _ in try await client.query("SELECT 1 FROM feedback_attempts WHERE audio_key = \(key) LIMIT 1").decode(Int.self) { return true }
        return false
    }

    /// Autosave: the draft's text; the time it was saved, or nil when it is no longer a draft.
    public func saveDraft(id: UUID, userID: Int64, answer: String) async throws -> Date? {
        let rows = try await client.query("""
            UPDATE feedback_attempts SET answer = \(answer), saved_at = now() WHERE id = \(id) AND user_id = \(userID) AND state = 'draft'
            RETURNING saved_at
            """, logger: logger).decode(Date.self)
        for try await saved in rows { return saved }
        return nil
    }

    /// What is sent with an answer.
    public struct Submission: Sendable {
        public var answer: String
        public var seconds: Double?
        public var audio: (key: String, type: String)?
        public var paidAllowed: Bool
        public var delayed: Bool

        public init(answer: String, seconds: Double? = nil, audio: (key: String, type: String)? = nil, paidAllowed: Bool = true, delayed: Bool = false) {
            self.answer = answer
            self.seconds = seconds
            self.audio = audio
            self.paidAllowed = paidAllowed
            self.delayed = delayed
        }
    }

    /// Sends the draft: stored as queued (the outbox) before anything else happens. Sending twice
    /// is harmless: the attempt as it was first sent comes back. Nil when it is not the learner's.
    public func submit(id: UUID, userID: Int64, _ submission: Submission) async throws -> FeedbackAttempt? {
        if let sent = try await one("""
            UPDATE feedback_attempts SET state = 'queued', answer = \(submission.answer), seconds = coalesce(\(submission.seconds), seconds),
                audio_key = coalesce(\(submission.audio?.key), audio_key), audio_type = coalesce(\(submission.audio?.type), audio_type),
                paid_allowed = \(submission.paidAllowed),
                delayed = \(submission.delayed), saved_at = now(), submitted_at = now()
            WHERE id = \(id) AND user_id = \(userID) AND state = 'draft'
            RETURNING \(unescaped: Self.columns)
            """) {
            return sent
        }
        return try await attempt(id: id, userID: userID)
    }

    /// An answer sent in one step (the API): stored as queued, in practice mode, beside any
    /// draft the learner has on the site, which it never touches.
    public func sendNew(userID: Int64, prompt: PromptSnapshot, _ submission: Submission) async throws -> FeedbackAttempt {
        try await one("""
            INSERT INTO feedback_attempts (user_id, prompt_slug, task, prompt_title, prompt_text, keywords, mode, state, answer, seconds,
                                           audio_key, audio_type, paid_allowed, delayed, submitted_at)
            VALUES (\(userID), \(prompt.slug), \(prompt.task.rawValue), \(prompt.title), \(prompt.text), \(Self.json(prompt.keywords))::jsonb,
                    'practice', 'queued', \(submission.answer), \(submission.seconds), \(submission.audio?.key), \(submission.audio?.type),
                    \(submission.paidAllowed), \(submission.delayed), now())
            RETURNING \(unescaped: Self.columns)
            """)!
    }

    /// A learner's attempt, or nil.
    public func attempt(id: UUID, userID: Int64) async throws -> FeedbackAttempt? {
        try await one("SELECT \(unescaped: Self.columns) FROM feedback_attempts WHERE id = \(id) AND user_id = \(userID)")
    }

    /// The learner's sent answers, newest first.
    public func history(userID: Int64, limit: Int = 50) async throws -> [FeedbackAttempt] {
        try await all("""
            SELECT \(unescaped: Self.columns) FROM feedback_attempts WHERE user_id = \(userID) AND state <> 'draft'
            ORDER BY submitted_at DESC LIMIT \(limit)
            """)
    }

    /// How many answers the learner sent since `since` that a paid provider could assess.
    public func paidSubmissions(userID: Int64, since: Date) async throws -> Int {
        let rows = try await client.query("""
            SELECT count(*)::int FROM feedback_attempts WHERE user_id = \(userID) AND paid_allowed AND submitted_at >= \(since)
            """, logger: logger).decode(Int.self)
        for try await count in rows { return count }
        return 0
    }

    /// A failed attempt sent again (the retry button); false when it had not failed.
    public func retry(id: UUID, userID: Int64) async throws -> Bool {
        try await one("""
            UPDATE feedback_attempts SET state = 'queued', failure = NULL, enqueued_at = NULL, deliveries = 0, lease_until = NULL, submitted_at = now()
            WHERE id = \(id) AND user_id = \(userID) AND state = 'failed' RETURNING \(unescaped: Self.columns)
            """) != nil
    }

    // MARK: The worker's side

    /// The queue bookkeeping of answers (leases, the outbox).
    public var records: JobRecords { JobRecords(client: client, table: "feedback_attempts", logger: logger) }

    /// The queue has the job.
    public func markEnqueued(_ id: UUID) async throws { try await records.markEnqueued(id: id) }

    /// The outbox: sent answers whose job never reached the queue, and ones queued long ago but
    /// still not done (``JobRecords/drainOutbox(after:stale:limit:send:)``).
    public func drainOutbox(after: Duration, stale: Duration, limit: Int = 100, send: @Sendable (UUID) async throws -> Void) async throws -> Int {
        try await records.drainOutbox(after: after, stale: stale, limit: limit, send: send)
    }

    /// A worker takes the job for `lease`: the attempt while it still needs feedback and no other
    /// worker holds it (counting the delivery), or nil.
    public func begin(id: UUID, lease: Duration = .seconds(60)) async throws -> (attempt: FeedbackAttempt, delivery: Int)? {
        guard let number = try await records.begin(id: id, lease: lease), let attempt = try await waiting(id: id) else { return nil }
        return (attempt, number)
    }

    /// The attempt while it waits for feedback, whoever it belongs to (the worker's read); nil otherwise.
    public func waiting(id: UUID) async throws -> FeedbackAttempt? {
        try await one("SELECT \(unescaped: Self.columns) FROM feedback_attempts WHERE id = \(id) AND state = 'queued'")
    }

    /// The attempt when it is finished (complete or failed), whoever it belongs to; nil otherwise.
    public func finished(id: UUID) async throws -> FeedbackAttempt? {
        try await one("SELECT \(unescaped: Self.columns) FROM feedback_attempts WHERE id = \(id) AND state IN ('complete', 'failed')")
    }

    /// Stores the assessment, once: false when the attempt was already completed (another worker
    /// finished the same job first) or is no longer waiting.
    public func complete(id: UUID, _ record: AssessmentRecord) async throws -> Bool {
        let result = String(decoding: try JSONEncoder().encode(record.result), as: UTF8.self)
        let rows = try await client.query("""
            UPDATE feedback_attempts SET state = 'complete', completed_at = now(), lease_until = NULL, provider = \(record.result.provider), feedback = \(record.feedback),
                result = \(result)::jsonb, input_tokens = \(record.result.usage?.input), output_tokens = \(record.result.usage?.output),
                first_text_ms = \(record.firstText.map(Self.milliseconds)), total_ms = \(Self.milliseconds(record.total))
            WHERE id = \(id) AND state = 'queued' RETURNING id
            """, logger: logger).decode(UUID.self)
        for try await _ in rows { return true }
        return false
    }

    /// Gives up on the attempt (dead-lettered): the learner sees `message` and a retry button.
    public func fail(id: UUID, message: String) async throws -> Bool {
        let rows = try await client.query("""
            UPDATE feedback_attempts SET state = 'failed', failure = \(message), lease_until = NULL WHERE id = \(id) AND state = 'queued' RETURNING id
            """, logger: logger).decode(UUID.self)
        for try await _ in rows { return true }
        return false
    }

    // MARK: Rows

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    static func json(_ strings: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8), as: UTF8.self)
    }

    private func one(_ query: PostgresQuery) async throws -> FeedbackAttempt? {
        try await all(query).first
    }

    private func all(_ query: PostgresQuery) async throws -> [FeedbackAttempt] {
        var attempts: [FeedbackAttempt] = []
        for try await row in try await client.query(query, logger: logger) {
            if let attempt = try Self.attempt(from: row, offset: 0) { attempts.append(attempt) }
        }
        return attempts
    }

    static func attempt(from row: PostgresRow, offset: Int) throws -> FeedbackAttempt? {
        let cells = Array(row.makeRandomAccess())
        func cell<T: PostgresDecodable>(_ index: Int, _ type: T.Type) throws -> T { try cells[offset + index].decode(T.self, context: .default) }
        guard let task = FeedbackTask(rawValue: try cell(3, String.self)), let mode = FeedbackAttempt.Mode(rawValue: try cell(7, String.self)),
              let state = FeedbackAttempt.State(rawValue: try cell(8, String.self)) else { return nil }
        let keywords = (try? JSONDecoder().decode([String].self, from: Data(try cell(6, String.self).utf8))) ?? []
        let result = try cell(20, String?.self).flatMap { try? JSONDecoder().decode(FeedbackResult.self, from: Data($0.utf8)) }
        return FeedbackAttempt(
            id: try cell(0, UUID.self), userID: try cell(1, Int64.self), promptSlug: try cell(2, String.self), task: task,
            promptTitle: try cell(4, String.self), promptText: try cell(5, String.self), keywords: keywords, mode: mode, state: state,
            answer: try cell(9, String.self), seconds: try cell(10, Double?.self), audioKey: try cell(11, String?.self), audioType: try cell(12, String?.self),
            startedAt: try cell(13, Date.self), savedAt: try cell(14, Date.self), submittedAt: try cell(15, Date?.self),
            paidAllowed: try cell(16, Bool.self), delayed: try cell(17, Bool.self), completedAt: try cell(18, Date?.self),
            feedback: try cell(19, String?.self), result: result, failure: try cell(21, String?.self))
    }

}
