import Synchronization

/// How long a provider may take: to connect (the HTTP client's setting), to the first piece of
/// text, and in all.
public struct ProviderTimeouts: Sendable, Equatable {
    public var connect: Duration
    public var firstToken: Duration
    public var total: Duration

    public init(connect: Duration = .seconds(5), firstToken: Duration = .seconds(20), total: Duration = .seconds(120)) {
        self.connect = connect
        self.firstToken = firstToken
        self.total = total
    }
}

/// Cancels a provider's work when the first text is late or the whole answer takes too long, and
/// says which limit it was. Lateness is judged by the clock, not by which task the scheduler
/// happens to run first: text that arrives after the limit counts as late even when the timer
/// has not woken yet.
final class Watchdog: Sendable {
    private struct State {
        var firstSeen = false
        var fired: String?
        var cancel: (@Sendable () -> Void)?
    }

    private let started = ContinuousClock.now
    private let firstToken: Duration
    private let state = Mutex(State())

    private init(firstToken: Duration) { self.firstToken = firstToken }

    /// Runs `body`, cancelling it when a limit passes; a cancellation caused here becomes an
    /// `.unavailable` ``ProviderError`` naming the limit.
    static func run<T: Sendable>(_ timeouts: ProviderTimeouts, provider: String,
                                 _ body: @escaping @Sendable (Watchdog) async throws -> T) async throws -> T {
        let watchdog = Watchdog(firstToken: timeouts.firstToken)
        let work = Task { try await body(watchdog) }
        watchdog.state.withLock { $0.cancel = { work.cancel() } }
        let timer = Task {
            // From the start, not from when this task first runs (late on a loaded machine).
            try await Task.sleep(until: watchdog.started + timeouts.firstToken)
            if watchdog.state.withLock({ state in
                guard !state.firstSeen, state.fired == nil else { return false }
                state.fired = "no answer within \(timeouts.firstToken)"
                return true
            }) { work.cancel(); return }
            try await Task.sleep(until: watchdog.started + timeouts.total)
            watchdog.state.withLock { $0.fired = $0.fired ?? "the answer took longer than \(timeouts.total)" }
            work.cancel()
        }
        defer { timer.cancel() }
        do {
            return try await withTaskCancellationHandler { try await work.value } onCancel: { work.cancel() }
        } catch {
            if let reason = watchdog.state.withLock({ $0.fired }) { throw ProviderError(.unavailable, "\(provider): \(reason)") }
            throw error
        }
    }

    /// A provider's work as a stream: `body` yields events and returns the last one; the limits
    /// of `timeouts` apply, and any error is passed through `mapped`.
    static func stream<Event: Sendable>(_ timeouts: ProviderTimeouts, provider: String, mapped: @escaping @Sendable (any Error) -> any Error,
                                        _ body: @escaping @Sendable (Watchdog, @escaping @Sendable (Event) -> Void) async throws -> Event)
        -> AsyncThrowingStream<Event, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let last = try await run(timeouts, provider: provider) { watchdog in
                        try await body(watchdog) { continuation.yield($0) }
                    }
                    continuation.yield(last)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error is ProviderError || error is CancellationError ? error : mapped(error))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The first text has arrived: only the total limit applies from now on.
    func sawFirstText() {
        let late = ContinuousClock.now - started > firstToken
        let cancel = state.withLock { state -> (@Sendable () -> Void)? in
            guard !state.firstSeen, state.fired == nil else { return nil }
            guard late else { state.firstSeen = true; return nil }
            state.fired = "no answer within \(firstToken)"
            return state.cancel
        }
        cancel?()
    }
}
