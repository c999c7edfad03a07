import Foundation
import Redis

/// Each job's progress in Redis: a per-job stream (bounded, expiring) that pages replay from any
/// event id, and one live stream of every job's events that each web process follows with a
/// single reader. A publish writes both atomically (one Lua script), so a reader that replays
/// the per-job stream and then follows the live one misses nothing; ids are the per-job stream's.
public struct JobEvents: Sendable {
    public let redis: RedisClient
    public let prefix: String
    /// The per-job stream keeps about this many events, for this long after the last one.
    public let maxEvents: Int
    public let expiry: Duration
    /// The live stream keeps about this many events (enough for a reader to catch up after a blip).
    public let liveLength: Int

    public init(redis: RedisClient, prefix: String = "feedback", maxEvents: Int = 5_000, expiry: Duration = .seconds(86_400), liveLength: Int = 50_000) {
        self.redis = redis
        self.prefix = prefix
        self.maxEvents = maxEvents
        self.expiry = expiry
        self.liveLength = liveLength
    }

    public var liveStream: String { "\(prefix):live" }

    public func stream(of attemptID: UUID) -> String { "\(prefix):events:\(attemptID.uuidString.lowercased())" }

    /// One stored event: its id in the job's stream, and the event.
    public struct Stored: Sendable, Equatable {
        public let id: String
        public let attemptID: UUID
        public let event: JobEvent
    }

    /// A final event (ARGV[7] = 1) is written only when the job's stream does not already end with
    /// one, so a job finished by one worker and reclaimed by another still ends exactly once. An
    /// event whose key (ARGV[8]) the stream already ends with is not written again: a publish
    /// tried again after its reply was lost (Redis restarting) adds nothing twice.
    static let publishScript = """
        local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
        if last and last[2][6] == ARGV[8] then return last[1] end
        if ARGV[7] == '1' then
          if last and (last[2][2] == 'complete' or last[2][2] == 'failed' or last[2][2] == 'finished') then return last[1] end
        end
        local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'n', ARGV[3], 'd', ARGV[4], 'k', ARGV[8])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'job', ARGV[6], 'id', id, 'n', ARGV[3], 'd', ARGV[4])
        return id
        """

    /// Appends the event to the job's stream and the live stream; its id. A final event the
    /// stream already ends with is not written again, nor is an event published again with the
    /// same `key` (the id of the one there comes back): give each event one key for all its tries.
    @discardableResult
    public func publish(_ event: JobEvent, for attemptID: UUID, key: String = UUID().uuidString) async throws -> String {
        let reply = try await redis.send([
            "EVAL", Self.publishScript, "2", stream(of: attemptID), liveStream,
            String(maxEvents), String(expiry.redisMilliseconds), event.name, event.data, String(liveLength), attemptID.uuidString.lowercased(),
            event.isFinal ? "1" : "0", key,
        ])
        guard let id = reply.string else { throw RedisError.unexpectedReply("the publish script answered \(reply)") }
        return id
    }

    /// The job's events after `id` (all of them when nil), oldest first.
    public func replay(_ attemptID: UUID, after id: String?, count: Int = 10_000) async throws -> [Stored] {
        let start = id.map { "(" + $0 } ?? "-"
        return try await redis.streamRange(stream(of: attemptID), from: start, count: count).compactMap { entry in
            guard let name = entry["n"], let data = entry["d"], let event = JobEvent(name: name, data: data) else { return nil }
            return Stored(id: entry.id, attemptID: attemptID, event: event)
        }
    }

    /// The live stream's entries after `cursor` (waiting up to `wait`, on `reader`), with the cursor to continue from.
    public func follow(after cursor: String, on reader: RedisBlockingConnection, count: Int = 1_000, wait: Duration) async throws -> (cursor: String, events: [Stored]) {
        let entries = try await reader.streamRead(liveStream, after: cursor, count: count, block: wait)
        let events = entries.compactMap { entry -> Stored? in
            guard let job = entry["job"].flatMap(UUID.init(uuidString:)), let id = entry["id"], let name = entry["n"], let data = entry["d"],
                  let event = JobEvent(name: name, data: data) else { return nil }
            return Stored(id: id, attemptID: job, event: event)
        }
        return (entries.last?.id ?? cursor, events)
    }

    /// The live stream's newest id ("0-0" when empty): where a new reader starts.
    public func liveCursor() async throws -> String {
        let newest = try await redis.send(["XREVRANGE", liveStream, "+", "-", "COUNT", "1"])
        return newest.array?.first?.array?.first?.string ?? "0-0"
    }

    /// Compares two stream ids (`ms-seq`) numerically.
    public static func isAfter(_ a: String, _ b: String) -> Bool {
        func parts(_ id: String) -> (UInt64, UInt64) {
            let pieces = id.split(separator: "-")
            return (UInt64(pieces.first ?? "0") ?? 0, UInt64(pieces.count > 1 ? pieces[1] : "0") ?? 0)
        }
        let (x, y) = (parts(a), parts(b))
        return x.0 != y.0 ? x.0 > y.0 : x.1 > y.1
    }
}
