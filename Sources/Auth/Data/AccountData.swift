import FoundationEssentials
import Logging
import Database
import PostgresNIO

/// Everything BandUp holds about one learner, for "download my data": every row of theirs in
/// PostgreSQL as JSON (secrets left out: the password hash, the hashes of links, tokens and recovery
/// codes, the two-step secret, and the words of mail, which may hold a live link; its subjects and
/// times are there),
/// and the storage keys of their recordings.
public struct AccountData: Sendable {
    let client: PostgresClient

    public init(client: PostgresClient) { self.client = client }

    /// The tables that hold a learner's rows (`user_id`), and the columns never exported.
    static let tables: [(name: String, hidden: [String])] = [
        ("lesson_progress", []), ("test_attempts", []), ("feedback_attempts", []), ("decks", []), ("cards", []), ("card_reviews", []),
        ("card_generations", []), ("dictation_sessions", []), ("access_tokens", ["secret_hash"]), ("security_events", []),
        ("mail_outbox", ["text_body", "html_body"]), ("password_resets", ["token_hash"]), ("email_verifications", ["token_hash"]), ("email_changes", ["token_hash"]),
        ("two_factor", ["secret"]), ("recovery_codes", ["code_hash"]),
    ]

    /// The learner's data as one JSON document (pretty-printed, keys by table).
    public func json(userID: Int64) async throws -> String {
        var parts = ["'account', (SELECT to_jsonb(u) - 'password_hash' FROM users u WHERE u.id = $1)"]
        for (name, hidden) in Self.tables {
            let without = hidden.map { " - '\($0)'" }.joined()
            parts.append("'\(name)', (SELECT coalesce(jsonb_agg(to_jsonb(t)\(without)), '[]'::jsonb) FROM \(name) t WHERE t.user_id = $1)")
        }
        parts.append("""
            'dictation_answers', (SELECT coalesce(jsonb_agg(to_jsonb(a)), '[]'::jsonb) FROM dictation_answers a
                                  JOIN dictation_sessions s ON s.id = a.session_id WHERE s.user_id = $1)
            """)
        var bindings = PostgresBindings()
        bindings.append(userID)
        // Table and column names are the constants above; the only value is bound.
        let query = PostgresQuery(unsafeSQL: "SELECT jsonb_pretty(jsonb_build_object(\(parts.joined(separator: ", "))))", binds: bindings)
        for try await text in try await client.query(query).decode(String.self) { return text }
        throw AccountError.notFound
    }

    /// The storage keys of the learner's recordings.
    public func recordingKeys(userID: Int64) async throws -> [String] {
        var keys: [String] = []
        let rows = try await client.query("SELECT audio_key FROM feedback_attempts WHERE user_id = \(userID) AND audio_key IS NOT NULL ORDER BY started_at")
        for try await key in rows.decode(String.self) { keys.append(key) }
        return keys
    }
}
