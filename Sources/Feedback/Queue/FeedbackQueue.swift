import Foundation
import Redis

/// The durable queue of feedback jobs: a Redis stream read by a consumer group. Delivery is at
/// least once: a job stays pending until its worker finishes it; a worker that dies leaves it
/// pending, and after `claimAfter` another worker claims it (XAUTOCLAIM). Workers that are
/// still busy keep their jobs by touching them. A job is a record's id and its kind (feedback on
/// an answer unless it says otherwise); everything else is in PostgreSQL.
public struct FeedbackQueue: Sendable {
    public let redis: RedisClient
    public let stream: String
    public let group: String
    /// Where jobs that failed every try are recorded, for operators.
    public let deadLetters: String
    /// How long a job may go untouched before another worker takes it over.
    public let claimAfter: Duration

    public init(redis: RedisClient, prefix: String = "feedback", claimAfter: Duration = .seconds(60)) {
        self.redis = redis
        self.stream = "\(prefix):jobs"
        self.group = "workers"
        self.deadLetters = "\(prefix):dead"
        self.claimAfter = claimAfter
    }

    /// One delivery of a job to a worker.
    public struct Delivery: Sendable, Equatable {
        /// The stream entry's id (what is acknowledged).
        public let entry: String
        /// The job: an answer's id for feedback, another kind's record otherwise.
        public let jobID: UUID
        /// "feedback", or another ``QueuedJobs`` kind.
        public let kind: String
    }

    /// Creates the consumer group (idempotent).
    public func prepare() async throws {
        try await redis.streamCreateGroup(stream, group: group, startingAt: "0")
    }

    /// Adds a job: feedback on the answer `id`, or a job of another `kind` (its record's id).
    public func enqueue(_ id: UUID, kind: String = "feedback") async throws {
        try await redis.streamAdd(stream, kind == "feedback" ? [("attempt", id.uuidString)] : [("attempt", id.uuidString), ("kind", kind)])
    }

    /// Jobs waiting or being worked on (finished entries are deleted).
    public func depth() async throws -> Int {
        try await redis.send(["XLEN", stream]).int ?? 0
    }

    /// The next jobs for `consumer`: first any abandoned by a dead worker, then new ones,
    /// waiting up to `wait` (on `reader`, the worker's own connection) for some to arrive.
    public func next(consumer: String, count: Int, wait: Duration, on reader: RedisBlockingConnection) async throws -> [Delivery] {
        let (_, claimed) = try await redis.streamAutoClaim(stream, group: group, consumer: consumer, minIdle: claimAfter, count: count)
        if !claimed.isEmpty { return claimed.compactMap(Self.delivery) }
        do {
            return try await reader.streamReadGroup(stream, group: group, consumer: consumer, count: count, block: wait).compactMap(Self.delivery)
        } catch RedisError.server(let message) where message.hasPrefix("NOGROUP") {
            try await prepare()  // Redis lost its data (a restart without persistence): start again
            return []
        }
    }

    /// Tells the group the job is still being worked on (resets its idle time, so it is not claimed).
    public func touch(_ delivery: Delivery, consumer: String) async throws {
        try await redis.send(["XCLAIM", stream, group, consumer, "0", delivery.entry, "JUSTID"])
    }

    /// The job is done (or need not be done): acknowledged and removed.
    public func finish(_ delivery: Delivery) async throws {
        _ = try await redis.pipeline([["XACK", stream, group, delivery.entry], ["XDEL", stream, delivery.entry]])
    }

    /// Records a job that failed every try, then finishes it.
    public func deadLetter(_ delivery: Delivery, reason: String) async throws {
        try await redis.streamAdd(deadLetters, [("attempt", delivery.jobID.uuidString), ("kind", delivery.kind), ("reason", reason)], maxLength: 10_000)
        try await finish(delivery)
    }

    static func delivery(_ entry: StreamEntry) -> Delivery? {
        guard let id = entry["attempt"].flatMap(UUID.init(uuidString:)) else { return nil }
        return Delivery(entry: entry.id, jobID: id, kind: entry["kind"] ?? "feedback")
    }
}
