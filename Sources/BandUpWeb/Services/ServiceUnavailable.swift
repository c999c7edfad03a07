import PostgresNIO
import Redis
import Synchronization

/// A backing service (PostgreSQL, Redis) did not answer: the learner sees a friendly 503 page
/// and `/readyz` fails, while BandUp keeps running and recovers when the service is back.
struct ServiceUnavailable: Error, CustomStringConvertible {
    let service: String
    let reason: String

    var description: String { "\(service) is unavailable: \(reason)" }

    /// The same failure as a ``ServiceUnavailable`` when it means the service is down or too slow;
    /// nil for errors that are bugs or bad requests (a SQL error, a Redis error reply).
    static func from(_ error: any Error) -> ServiceUnavailable? {
        switch error {
        case let error as ServiceUnavailable:
            return error
        case let error as RedisError:
            switch error {
            case .server, .unexpectedReply, .invalidConfiguration: return nil
            case .unavailable(let why): return ServiceUnavailable(service: "Redis", reason: why)
            default: return ServiceUnavailable(service: "Redis", reason: error.description)
            }
        case let error as PSQLError:
            // Errors with server info are SQL errors from a working server; the rest are connections.
            guard error.serverInfo == nil else { return nil }
            return ServiceUnavailable(service: "PostgreSQL", reason: "\(error.code)")
        default:
            return nil
        }
    }
}

/// Runs `body`, giving up after `limit` with ``ServiceUnavailable`` for `service`.
///
/// The answer comes at the limit even when `body` does not stop on cancellation (a database
/// client waiting for a connection that never comes during a failover): `body` is cancelled and
/// left to finish on its own, so the request, and a graceful shutdown, never wait for it.
func withDeadline<T: Sendable>(_ limit: Duration, service: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let outcome = FirstOutcome<T>()
    let work = Task {
        do { outcome.finish(.success(try await body())) } catch { outcome.finish(.failure(error)) }
    }
    let deadline = DeadlineWatch.shared.watch(until: .now + limit) {
        if outcome.finish(.failure(ServiceUnavailable(service: service, reason: "no answer within \(limit)"))) { work.cancel() }
    }
    defer { DeadlineWatch.shared.cancel(deadline) }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { outcome.wait($0) }
    } onCancel: {
        work.cancel()
        outcome.finish(.failure(CancellationError()))
    }
}

/// The first of several results, handed to one waiting continuation; later ones are dropped.
private final class FirstOutcome<T: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<T, any Error>?, early: Result<T, any Error>?, done: Bool)>((nil, nil, false))

    func wait(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { state -> Result<T, any Error>? in
            if let early = state.early { return early }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Whether this was the first result.
    @discardableResult
    func finish(_ result: Result<T, any Error>) -> Bool {
        let (first, continuation) = state.withLock { state -> (Bool, CheckedContinuation<T, any Error>?) in
            guard !state.done else { return (false, nil) }
            state.done = true
            if let continuation = state.continuation {
                state.continuation = nil
                return (true, continuation)
            }
            state.early = result
            return (true, nil)
        }
        continuation?.resume(with: result)
        return first
    }
}
