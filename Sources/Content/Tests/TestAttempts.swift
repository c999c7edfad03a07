import Foundation
import Logging
import Practice
import PostgresNIO

/// A learner's attempt at a practice test: what they have answered so far (autosaved), their
/// flags and highlights, the server's deadline in exam mode, and once submitted its score.
public struct TestAttempt: Sendable, Equatable {
    public enum Mode: String, Sendable, Codable { case exam, practice }

    public let id: UUID
    public let userID: Int64
    public let testID: Int64
    public let slug: String
    public let title: String
    public let kind: TestKind
    /// The test revision the attempt is pinned to.
    public let revision: Int
    public let mode: Mode
    /// The one section practised, or nil for the whole test.
    public let section: Int?
    public let startedAt: Date
    public let deadline: Date?
    public let submittedAt: Date?
    public let answers: [Int: [String]]
    public let flags: Set<Int>
    /// Character ranges highlighted in each section's passage.
    public let highlights: [Int: [[Int]]]
    public let currentSection: Int
    /// When the learner started an exam's Listening recording (its ``ListeningTimeline``).
    public let recordingStartedAt: Date?
    public let result: TestResult?

    public var isSubmitted: Bool { submittedAt != nil }

    /// Seconds from the start to the submission (or to now), never past the deadline.
    public func secondsUsed(now: Date) -> Int {
        let end = min(submittedAt ?? now, deadline ?? .distantFuture)
        return max(0, Int(end.timeIntervalSince(startedAt)))
    }
}

/// Saving after the deadline: the attempt is (being) submitted with what was saved in time.
public struct AttemptClosed: Error, Sendable, Equatable {}

/// Attempts in PostgreSQL, always read and written for their learner (another learner's attempt
/// is simply not found).
public struct TestAttempts: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Saves this long after the deadline still count: the page's last autosave is in flight.
    public static let grace: TimeInterval = 10
    /// An exam-mode Listening attempt has this long to start its recording; starting it sets the
    /// deadline to the end of the recording's timeline.
    public static let listeningGetReady: TimeInterval = 5 * 60

    public init(client: PostgresClient, logger: Logger = Logger(label: "bandup.attempts")) {
        self.client = client
        self.logger = logger
    }

    /// Starts an attempt at the test's current revision. Exam mode gets a deadline: the test's
    /// minutes, or for Listening (`timeline`) the recording's timeline after a few minutes to get
    /// ready (``startRecording(_:userID:timeline:now:)`` moves it to the timeline's end).
    public func start(userID: Int64, test: TestLibrary.Listing, mode: TestAttempt.Mode, section: Int?, timeline: ListeningTimeline? = nil,
                      now: Date) async throws -> UUID {
        let seconds = timeline.map { $0.totalSeconds + Self.listeningGetReady } ?? TimeInterval(test.minutes * 60)
        let deadline: Date? = mode == .exam && section == nil ? now.addingTimeInterval(seconds.rounded(.up)) : nil
        let rows = try await client.query("""
            INSERT INTO test_attempts (user_id, test_id, revision, mode, section, started_at, deadline, current_section)
            VALUES (\(userID), \(test.id), \(test.revision), \(mode.rawValue), \(section), \(now), \(deadline), \(section ?? 0))
            RETURNING id
            """).decode(UUID.self)
        for try await id in rows { return id }
        throw PostgresError.protocol("no attempt id returned")
    }

    static let columns = """
        a.id, a.user_id, a.test_id, t.slug, t.title, t.kind, a.revision, a.mode, a.section, a.started_at, a.deadline, a.submitted_at,
        a.answers::text, a.flags::text, a.highlights::text, a.current_section, a.results::text, a.recording_started_at
        """

    /// The learner's attempt, or nil (also when it is someone else's).
    public func find(_ id: UUID, userID: Int64) async throws -> TestAttempt? {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.columns) FROM test_attempts a JOIN practice_tests t ON t.id = a.test_id WHERE a.id = \(id) AND a.user_id = \(userID)
            """)
        for try await row in rows { return try Self.attempt(row) }
        return nil
    }

    /// The learner's attempts, newest first.
    public func all(userID: Int64) async throws -> [TestAttempt] {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.columns) FROM test_attempts a JOIN practice_tests t ON t.id = a.test_id WHERE a.user_id = \(userID)
            ORDER BY a.started_at DESC
            """)
        var attempts: [TestAttempt] = []
        for try await row in rows { attempts.append(try Self.attempt(row)) }
        return attempts
    }

    /// Autosave: replaces the answers and flags of the questions `numbers` (one section's),
    /// the section's highlights, and where the learner is. After the deadline (and its grace)
    /// nothing is saved and ``AttemptClosed`` is thrown.
    public func save(_ id: UUID, userID: Int64, numbers: [Int], answers: [Int: [String]], flags: Set<Int>,
                     highlights: (section: Int, ranges: [[Int]])?, currentSection: Int, now: Date) async throws {
        var patch: [String: [String]] = [:]
        for number in numbers { patch[String(number)] = answers[number] ?? [] }
        let patchJSON = String(decoding: try JSONEncoder().encode(patch), as: UTF8.self)
        let cleared = String(decoding: try JSONEncoder().encode(numbers.map(String.init)), as: UTF8.self)
        let flagged = String(decoding: try JSONEncoder().encode(numbers.filter(flags.contains).map(String.init)), as: UTF8.self)
        let marks = highlights.map { String(decoding: (try? JSONEncoder().encode([String($0.section): $0.ranges])) ?? Data("{}".utf8), as: UTF8.self) } ?? "{}"
        let rows = try await client.query("""
            UPDATE test_attempts SET
                answers = answers || \(patchJSON)::jsonb,
                flags = (SELECT coalesce(jsonb_agg(DISTINCT f), '[]'::jsonb) FROM (
                    SELECT f FROM jsonb_array_elements_text(flags) f WHERE NOT (f = ANY (ARRAY(SELECT jsonb_array_elements_text(\(cleared)::jsonb))))
                    UNION SELECT jsonb_array_elements_text(\(flagged)::jsonb)) AS kept),
                highlights = highlights || \(marks)::jsonb,
                current_section = \(currentSection), saved_at = \(now)
            WHERE id = \(id) AND user_id = \(userID) AND submitted_at IS NULL
              AND (deadline IS NULL OR deadline + make_interval(secs => \(Self.grace)) >= \(now))
            RETURNING id
            """).decode(UUID.self)
        for try await _ in rows { return }
        throw AttemptClosed()
    }

    /// Starts an exam's Listening recording, once: the deadline becomes the end of its timeline.
    /// When it starts; the first start's time when it had started already; nil when the attempt
    /// is over or not the learner's.
    public func startRecording(_ id: UUID, userID: Int64, timeline: ListeningTimeline, now: Date) async throws -> Date? {
        let total = timeline.totalSeconds.rounded(.up)
        let rows = try await client.query("""
            UPDATE test_attempts SET recording_started_at = coalesce(recording_started_at, \(now)),
                deadline = CASE WHEN recording_started_at IS NULL THEN \(now) + make_interval(secs => \(total)) ELSE deadline END
            WHERE id = \(id) AND user_id = \(userID) AND submitted_at IS NULL AND mode = 'exam' AND deadline > \(now)
            RETURNING recording_started_at
            """).decode(Date.self)
        for try await started in rows { return started }
        return nil
    }

    /// Submits once: the first call stores `score(answers)`'s result; later calls (a double
    /// click, a second tab, the deadline) return the stored attempt unchanged.
    public func submit(_ id: UUID, userID: Int64, now: Date, score: @Sendable ([Int: [String]]) -> TestResult) async throws -> TestAttempt? {
        let logger = self.logger
        do {
            try await client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query("""
                    SELECT answers::text, submitted_at IS NOT NULL FROM test_attempts WHERE id = \(id) AND user_id = \(userID) FOR UPDATE
                    """, logger: logger).decode((String, Bool).self)
                var found: (String, Bool)?
                for try await row in rows { found = row }
                guard let (answersJSON, submitted) = found, !submitted else { return }
                let result = score(Self.answers(answersJSON))
                let resultJSON = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
                try await connection.query("""
                    UPDATE test_attempts SET submitted_at = \(now), raw_score = \(result.raw), max_score = \(result.outOf),
                        band = \(result.band?.value), results = \(resultJSON)::jsonb
                    WHERE id = \(id)
                    """, logger: logger)
            }
        } catch {
            throw LessonLibrary.unwrapped(error)
        }
        return try await find(id, userID: userID)
    }

    // MARK: Rows

    static func attempt(_ row: PostgresRow) throws -> TestAttempt {
        let (id, userID, testID, slug, title, kind, revision, mode, section, started, deadline, submitted) =
            try row.decode((UUID, Int64, Int64, String, String, String, Int, String, Int?, Date, Date?, Date?).self)
        let columns = row.makeRandomAccess()
        let answers = try columns[12].decode(String.self), flags = try columns[13].decode(String.self)
        let highlights = try columns[14].decode(String.self), current = try columns[15].decode(Int.self)
        let results = try columns[16].decode(String?.self)
        let recordingStarted = try columns[17].decode(Date?.self)
        let result = try results.map { try JSONDecoder().decode(TestResult.self, from: Data($0.utf8)) }
        let marks = (try? JSONDecoder().decode([String: [[Int]]].self, from: Data(highlights.utf8))) ?? [:]
        return TestAttempt(
            id: id, userID: userID, testID: testID, slug: slug, title: title, kind: TestKind(rawValue: kind) ?? .academicReading,
            revision: revision, mode: TestAttempt.Mode(rawValue: mode) ?? .practice, section: section, startedAt: started,
            deadline: deadline, submittedAt: submitted, answers: Self.answers(answers),
            flags: Set(((try? JSONDecoder().decode([String].self, from: Data(flags.utf8))) ?? []).compactMap { Int($0) }),
            highlights: Dictionary(uniqueKeysWithValues: marks.compactMap { key, value in Int(key).map { ($0, value) } }),
            currentSection: current, recordingStartedAt: recordingStarted, result: result)
    }

    static func answers(_ json: String) -> [Int: [String]] {
        let decoded = (try? JSONDecoder().decode([String: [String]].self, from: Data(json.utf8))) ?? [:]
        return Dictionary(uniqueKeysWithValues: decoded.compactMap { key, value in Int(key).map { ($0, value) } })
    }
}
