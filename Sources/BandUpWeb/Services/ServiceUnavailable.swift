import PostgresNIO
import Redis

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
func withDeadline<T: Sendable>(_ limit: Duration, service: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw ServiceUnavailable(service: service, reason: "no answer within \(limit)")
        }
        return value
    }
}
