import FoundationEssentials
import Synchronization

/// Temporary credentials (an ECS task role's) kept until shortly before they expire, then fetched
/// again. Callers that arrive while a fetch is under way share it; a failed fetch leaves keys that
/// are still valid in use, so a brief outage of the credentials endpoint costs nothing.
public final class RefreshingCredentials: AWSCredentialSource {
    /// Credentials and the moment they stop working.
    public struct Expiring: Sendable, Equatable {
        public let credentials: AWSCredentials
        public let expiration: Date

        public init(credentials: AWSCredentials, expiration: Date) {
            self.credentials = credentials
            self.expiration = expiration
        }
    }

    public typealias Fetch = @Sendable () async throws -> Expiring

    private struct State {
        var current: Expiring?
        var pending: Task<Expiring, any Error>?
    }

    private let fetch: Fetch
    private let margin: Duration
    private let now: @Sendable () -> Date
    private let state = Mutex(State())

    /// - Parameters:
    ///   - margin: renew this long before the expiration (AWS SDKs use about five minutes; ECS
    ///     hands out keys valid for hours and rotates them well before).
    ///   - now: the current time (tests move it).
    public init(margin: Duration = .seconds(300), now: @escaping @Sendable () -> Date = { Date() }, fetch: @escaping Fetch) {
        self.fetch = fetch
        self.margin = margin
        self.now = now
    }

    public func credentials() async throws -> AWSCredentials {
        let moment = now()
        let (fresh, task) = state.withLock { state -> (AWSCredentials?, Task<Expiring, any Error>?) in
            if let current = state.current, current.expiration.timeIntervalSince(moment) > margin.seconds { return (current.credentials, nil) }
            if let pending = state.pending { return (nil, pending) }
            let started = Task { [fetch] in try await fetch() }
            state.pending = started
            return (nil, started)
        }
        if let fresh { return fresh }
        guard let task else { preconditionFailure("either credentials or a fetch") }
        do {
            let fetched = try await task.value
            state.withLock { state in
                state.current = fetched
                state.pending = nil
            }
            return fetched.credentials
        } catch {
            let stillValid = state.withLock { state -> AWSCredentials? in
                state.pending = nil
                guard let current = state.current, current.expiration > now() else { return nil }
                return current.credentials
            }
            if let stillValid { return stillValid }
            throw error
        }
    }
}

extension Duration {
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
