import Foundation
import Logging
import PostgresNIO

/// The queue bookkeeping every job table shares (`feedback_attempts`, `card_generations`): a job
/// is `state = 'queued'` until it is done; `enqueued_at` says the queue has it (NULL: the
/// outbox); `deliveries` counts the tries; `lease_until` says a worker has it now.
public struct JobRecords: Sendable {
    let client: PostgresClient
    /// The table's name: a constant of BandUp's, never input.
    let table: String
    let logger: Logger

    public init(client: PostgresClient, table: StaticString, logger: Logger) {
        self.client = client
        self.table = "\(table)"
        self.logger = logger
    }

    /// A worker takes the job for `lease`: the delivery's number while it is waiting and no other
    /// worker holds it, or nil.
    public func begin(id: UUID, lease: Duration) async throws -> Int? {
        let rows = try await client.query("""
            UPDATE \(unescaped: table) SET deliveries = deliveries + 1, lease_until = now() + make_interval(secs => \(Self.seconds(lease)))
            WHERE id = \(id) AND state = 'queued' AND (lease_until IS NULL OR lease_until < now())
            RETURNING deliveries
            """, logger: logger).decode(Int.self)
        for try await number in rows { return number }
        return nil
    }

    /// Keeps the job's lease while the worker is still on it.
    public func renewLease(id: UUID, lease: Duration) async throws {
        try await client.query("""
            UPDATE \(unescaped: table) SET lease_until = now() + make_interval(secs => \(Self.seconds(lease))) WHERE id = \(id) AND state = 'queued'
            """, logger: logger)
    }

    /// Gives the job back (it goes on the queue again): no lease, and sent now.
    public func release(id: UUID) async throws {
        try await client.query("UPDATE \(unescaped: table) SET lease_until = NULL, enqueued_at = now() WHERE id = \(id) AND state = 'queued'", logger: logger)
    }

    /// Whether a worker holds the job's lease now.
    public func isLeased(id: UUID) async throws -> Bool {
        let rows = try await client.query("SELECT lease_until > now() FROM \(unescaped: table) WHERE id = \(id) AND state = 'queued'", logger: logger)
            .decode(Bool?.self)
        for try await leased in rows { return leased ?? false }
        return false
    }

    /// The queue has the job.
    public func markEnqueued(id: UUID) async throws {
        try await client.query("UPDATE \(unescaped: table) SET enqueued_at = now() WHERE id = \(id) AND enqueued_at IS NULL", logger: logger)
    }

    /// The outbox: jobs stored but never queued (older than `after`), and ones queued long ago,
    /// not held by a worker and still not done (`stale`, as when Redis lost its data); at most
    /// `limit`, oldest first. Runs `send` for each under an advisory lock (one process drains a
    /// table at a time), then marks them.
    public func drainOutbox(after: Duration, stale: Duration, limit: Int = 100, send: @Sendable (UUID) async throws -> Void) async throws -> Int {
        let logger = self.logger, table = self.table
        do {
            return try await client.withTransaction(logger: logger) { connection in
                let locked = try await connection.query("SELECT pg_try_advisory_xact_lock(7007, hashtext(\(table)))", logger: logger).decode(Bool.self)
                for try await got in locked where !got { return 0 }
                let rows = try await connection.query("""
                    SELECT id FROM \(unescaped: table) WHERE state = 'queued'
                      AND ((enqueued_at IS NULL AND \(unescaped: Self.created(table)) < now() - make_interval(secs => \(Self.seconds(after))))
                        OR (enqueued_at < now() - make_interval(secs => \(Self.seconds(stale))) AND (lease_until IS NULL OR lease_until < now())))
                    ORDER BY \(unescaped: Self.created(table)) LIMIT \(limit)
                    """, logger: logger).decode(UUID.self)
                var ids: [UUID] = []
                for try await id in rows { ids.append(id) }
                for id in ids {
                    try await send(id)
                    try await connection.query("UPDATE \(unescaped: table) SET enqueued_at = now() WHERE id = \(id)", logger: logger)
                }
                return ids.count
            }
        } catch {
            throw Self.unwrapped(error)
        }
    }

    /// When a job of the table was sent (the outbox's order).
    static func created(_ table: String) -> String { table == "feedback_attempts" ? "submitted_at" : "created_at" }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// PostgresNIO wraps what a transaction's body throws; this gives the caller the error itself.
    public static func unwrapped(_ error: any Error) -> any Error {
        guard let wrapped = error as? PostgresTransactionError, wrapped.rollbackError == nil, let inner = wrapped.closureError else { return error }
        return inner
    }
}
