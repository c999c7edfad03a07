import Foundation
import Redis
import Synchronization

/// A client made too many requests this minute.
struct RateLimited: Error {
    let retryAfterSeconds: Int
}

/// Each client's page requests per wall-clock minute, counted in Redis so the limit holds across
/// instances; beyond `perMinute` the request is refused with 429. Each instance counts locally and
/// adds its count to Redis's in batches (``PageRateCounter``), in the same round trip as the
/// session when there is one: an anonymous page needs no Redis call at all most of the time.
/// When Redis is down the page fails with 503, as pages that need Redis cannot work without it.
struct PageRateLimit: Sendable {
    /// Which limit this is (`pages`): part of the Redis key.
    let bucket: String
    let perMinute: Int
    let counter: PageRateCounter

    init(bucket: String, perMinute: Int) {
        self.bucket = bucket
        self.perMinute = perMinute
        counter = PageRateCounter(perMinute: perMinute)
    }

    /// What counting this request needs: nothing (decided here), or the commands to send to Redis
    /// (then ``check(_:client:window:second:)`` with their replies). Throws ``RateLimited``.
    /// `withSession`: a Redis round trip happens anyway, so the count goes with it.
    func count(client: String?, withSession: Bool, now: Date = Date()) throws -> (commands: [[String]], window: Int, second: Int) {
        let seconds = Int(now.timeIntervalSince1970), window = seconds / 60
        switch counter.count(client: client ?? "unknown", window: window, mustSend: withSession) {
        case .allow: return ([], window, seconds % 60)
        case .refuse: throw RateLimited(retryAfterSeconds: 60 - seconds % 60)
        case .send(let increment):
            let key = "ratelimit:\(bucket):\(client ?? "unknown"):\(window)"
            return ([["INCRBY", key, String(increment)], ["EXPIRE", key, "120"]], window, seconds % 60)
        }
    }

    /// The commands of ``count(client:withSession:now:)`` did not reach Redis.
    func failed(_ commands: [[String]], client: String?, window: Int) {
        guard let increment = commands.first.flatMap({ Int($0[2]) }) else { return }
        counter.notSent(client: client ?? "unknown", window: window, increment: increment)
    }

    /// Redis's total for the client (the INCRBY's reply): throws ``RateLimited`` over the limit.
    func check(_ replies: [RESPValue], client: String?, window: Int, second: Int) throws {
        guard case .integer(let total) = replies.first else { throw RedisError.unexpectedReply("INCRBY answered \(String(describing: replies.first))") }
        counter.sent(client: client ?? "unknown", window: window, total: total)
        if total > perMinute { throw RateLimited(retryAfterSeconds: 60 - second) }
    }
}

/// This instance's part of each client's count in the current minute. A client's requests are
/// sent to Redis (INCRBY) on its first request of the minute, whenever a batch of
/// `perMinute / 50` (at least 1) has gathered, and when the last send is a second old; between
/// sends the decision is Redis's last total plus what this instance has not sent yet. So a limit
/// of a few requests is exact, and a client spread over several instances gets at most a batch a
/// second per instance more than the limit.
final class PageRateCounter: Sendable {
    enum Step: Equatable { case allow, refuse, send(Int) }

    private struct Tally {
        var window: Int
        var unsent = 0
        var known: Int?
        var sentAt = ContinuousClock.now
    }

    /// How many clients one minute's tallies hold at most (about 100 bytes each).
    static let maximumClients = 100_000
    let perMinute: Int
    let batch: Int
    let staleAfter: Duration
    private let state = Mutex<(window: Int, tallies: [String: Tally])>((0, [:]))

    init(perMinute: Int, staleAfter: Duration = .seconds(1)) {
        self.perMinute = perMinute
        batch = max(1, perMinute / 50)
        self.staleAfter = staleAfter
    }

    /// Counts one request of `client` in `window` (a minute since 1970).
    func count(client: String, window: Int, mustSend: Bool, now: ContinuousClock.Instant = .now) -> Step {
        state.withLock { state in
            if window != state.window {  // a new minute: the old minute's tallies are done with
                state = (window, state.tallies.filter { $0.value.window >= window })
            }
            // Clients beyond `maximumClients` in one minute (a flood from many addresses) are not
            // remembered here: each of their requests goes to Redis, as before this counter.
            guard state.tallies[client] != nil || state.tallies.count < Self.maximumClients else { return .send(1) }
            var tally = state.tallies[client].flatMap { $0.window == window ? $0 : nil } ?? Tally(window: window)
            tally.unsent += 1
            defer { state.tallies[client] = tally }
            guard let known = tally.known, !mustSend, tally.unsent < batch, now - tally.sentAt < staleAfter else {
                let increment = tally.unsent
                tally.unsent = 0
                tally.sentAt = now
                return .send(increment)
            }
            return known + tally.unsent > perMinute ? .refuse : .allow
        }
    }

    /// A send that did not reach Redis: its requests wait for the next, which is the next request.
    func notSent(client: String, window: Int, increment: Int) {
        state.withLock { state in
            guard var tally = state.tallies[client], tally.window == window else { return }
            tally.unsent += increment
            tally.known = nil
            state.tallies[client] = tally
        }
    }

    /// Redis's total after a send.
    func sent(client: String, window: Int, total: Int) {
        state.withLock { state in
            guard var tally = state.tallies[client], tally.window == window else { return }
            tally.known = max(tally.known ?? 0, total)
            state.tallies[client] = tally
        }
    }
}
