import Foundation
import Logging
import Redis
import Synchronization

/// Follows every job's live events for this process with one Redis reader and hands each event
/// to the pages watching that job, in memory. It also beats the heartbeat for all of them (one
/// timer, not one per page) and, on shutdown, tells every page to reconnect elsewhere.
public final class LiveFeedback: Sendable {
    /// What a page's stream receives.
    public enum Signal: Sendable, Equatable {
        case event(JobEvents.Stored)
        /// Time to send a comment so proxies keep the connection open.
        case heartbeat
        /// The reader lost events (Redis was away): replay the job's stream from the last id sent.
        case resync
        /// This process is stopping: end the stream with a `retry:` so the browser reconnects.
        case shutdown
    }

    /// One page's subscription; cancel it when the page goes.
    public struct Subscription: Sendable {
        public let signals: AsyncStream<Signal>
        let cancel: @Sendable () -> Void
        public func end() { cancel() }
    }

    public let events: JobEvents
    public let heartbeat: Duration
    let logger: Logger
    private let state = Mutex<State>(State())

    private struct State {
        var pages: [UUID: [Int: AsyncStream<Signal>.Continuation]] = [:]
        var next = 0
        var stopped = false
    }

    public init(events: JobEvents, heartbeat: Duration = .seconds(15), logger: Logger = Logger(label: "bandup.live")) {
        self.events = events
        self.heartbeat = heartbeat
        self.logger = logger
    }

    /// Pages watching at the moment (for metrics and tests).
    public var watching: Int { state.withLock { $0.pages.values.reduce(0) { $0 + $1.count } } }

    /// Starts delivering the job's live events; subscribe before replaying, so nothing falls between.
    public func subscribe(_ attemptID: UUID) -> Subscription {
        let (signals, continuation) = AsyncStream<Signal>.makeStream(bufferingPolicy: .unbounded)
        let key = state.withLock { state -> Int? in
            guard !state.stopped else { return nil }
            state.next += 1
            state.pages[attemptID, default: [:]][state.next] = continuation
            return state.next
        }
        guard let key else {
            continuation.yield(.shutdown)
            continuation.finish()
            return Subscription(signals: signals, cancel: {})
        }
        let cancel: @Sendable () -> Void = { [weak self] in
            let removed = self?.state.withLock { state -> AsyncStream<Signal>.Continuation? in
                let removed = state.pages[attemptID]?.removeValue(forKey: key)
                if state.pages[attemptID]?.isEmpty == true { state.pages[attemptID] = nil }
                return removed
            }
            removed?.finish()
        }
        continuation.onTermination = { _ in cancel() }
        return Subscription(signals: signals, cancel: cancel)
    }

    /// Follows the live stream and beats the heartbeat until cancelled; then every page is told
    /// to reconnect.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.follow() }
            group.addTask { await self.beat() }
            await group.next()
            group.cancelAll()
        }
        stop()
    }

    /// Ends every page's stream with `.shutdown` (graceful shutdown: before the HTTP server waits for them).
    public func stop() {
        let pages = state.withLock { state -> [AsyncStream<Signal>.Continuation] in
            state.stopped = true
            defer { state.pages = [:] }
            return state.pages.values.flatMap(\.values)
        }
        for page in pages {
            page.yield(.shutdown)
            page.finish()
        }
    }

    func follow() async {
        let reader = events.redis.blockingConnection(maximumBlock: .seconds(5))
        defer { reader.close() }
        var cursor: String?, pause = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                if cursor == nil { cursor = try await events.liveCursor() }
                let (next, batch) = try await events.follow(after: cursor!, on: reader, wait: .seconds(5))
                cursor = next
                deliver(batch)
                if pause > .milliseconds(100) {
                    // Back after an outage: pages replay what they may have missed.
                    broadcast(.resync)
                    pause = .milliseconds(100)
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("following live feedback failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(2))
            }
        }
    }

    /// Heartbeats go out in `heartbeatSlots` groups spread over the interval (each page still
    /// gets one per `heartbeat`), so thousands of idle pages never wake at the same instant and
    /// delay the pages that are receiving feedback.
    func beat() async {
        var tick = 0
        while !Task.isCancelled {
            do { try await Task.sleep(for: heartbeat / Self.heartbeatSlots) } catch { return }
            tick += 1
            let slot = tick % Self.heartbeatSlots
            let pages = state.withLock { state in state.pages.values.flatMap { $0.filter { $0.key % Self.heartbeatSlots == slot }.map(\.value) } }
            for page in pages { page.yield(.heartbeat) }
        }
    }

    static let heartbeatSlots = 15

    func deliver(_ batch: [JobEvents.Stored]) {
        guard !batch.isEmpty else { return }
        // Group by job so the lock is taken once per batch.
        let targets = state.withLock { state in
            batch.compactMap { stored in state.pages[stored.attemptID].map { (stored, Array($0.values)) } }
        }
        for (stored, pages) in targets {
            for page in pages { page.yield(.event(stored)) }
        }
    }

    func broadcast(_ signal: Signal) {
        let pages = state.withLock { $0.pages.values.flatMap(\.values) }
        for page in pages { page.yield(signal) }
    }
}
