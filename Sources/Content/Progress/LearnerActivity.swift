import Foundation
import PostgresNIO

/// When a learner studied: the days they finished a lesson, submitted a test or an answer for
/// feedback, reviewed flashcards or finished a dictation session.
public struct LearnerActivity: Sendable {
    let client: PostgresClient

    public init(client: PostgresClient) { self.client = client }

    /// The moments of study in the last `days` days, newest first.
    public func moments(userID: Int64, since: Date) async throws -> [Date] {
        let rows = try await client.query("""
            SELECT at FROM (
                SELECT completed_at AS at FROM lesson_progress WHERE user_id = \(userID) AND completed_at >= \(since)
                UNION ALL
                SELECT submitted_at FROM test_attempts WHERE user_id = \(userID) AND submitted_at >= \(since)
                UNION ALL
                SELECT submitted_at FROM feedback_attempts WHERE user_id = \(userID) AND submitted_at >= \(since)
                UNION ALL
                SELECT max(reviewed_at) FROM card_reviews WHERE user_id = \(userID) AND reviewed_at >= \(since) GROUP BY reviewed_at::date
                UNION ALL
                SELECT finished_at FROM dictation_sessions WHERE user_id = \(userID) AND finished_at >= \(since)
            ) AS activity ORDER BY at DESC
            """).decode(Date.self)
        var moments: [Date] = []
        for try await moment in rows { moments.append(moment) }
        return moments
    }
}
