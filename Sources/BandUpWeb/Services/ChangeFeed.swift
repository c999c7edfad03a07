import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// What any instance changed, as PostgreSQL tells it: one connection `LISTEN`s on
/// `bandup_changes`, where migration 0020's triggers `NOTIFY` a topic (`lessons`) at commit, and
/// each topic's caches forget what they hold. While that connection is down a cache cannot know
/// what it missed, so ``NotifiedValue`` reads through to PostgreSQL until the feed is back.
final class ChangeFeed: Service, Sendable {
    static let channel = "bandup_changes"
    private let postgres: PostgresClient
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var listening = false
        var forgetters: [String: [@Sendable () -> Void]] = [:]
    }

    init(postgres: PostgresClient, logger: Logger) {
        self.postgres = postgres
        self.logger = logger
    }

    /// Whether notifications are arriving: only then may a cache answer from memory.
    var isListening: Bool { state.withLock { $0.listening } }

    /// Calls `forget` whenever `topic` changes, and whenever the feed starts or stops listening.
    func onChange(of topic: String, _ forget: @escaping @Sendable () -> Void) {
        state.withLock { $0.forgetters[topic, default: []].append(forget) }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.postgres.withConnection { connection in
                        try await connection.listen(on: Self.channel) { notifications in
                            self.setListening(true)
                            for try await notification in notifications { self.changed(notification.payload) }
                        }
                    }
                } catch where !Task.isCancelled {
                    self.logger.warning("not listening for changes; caches read through until it is back", metadata: ["error": "\(String(reflecting: error))"])
                } catch {}
                self.setListening(false)
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func setListening(_ listening: Bool) {
        let forgetters = state.withLock { state in
            state.listening = listening
            return state.forgetters.values.flatMap { $0 }
        }
        forgetters.forEach { $0() }
    }

    /// This instance changed `topic`: its own caches forget at once (the next page, often this
    /// request's redirect, must not race PostgreSQL's notification, which follows for the others).
    func changedHere(_ topic: String) {
        changed(topic)
    }

    private func changed(_ topic: String) {
        state.withLock { $0.forgetters[topic] ?? [] }.forEach { $0() }
    }
}

/// A value read from PostgreSQL and kept in memory until its ``ChangeFeed`` topic changes (on any
/// instance), or until this instance changes it and says so (``forget()``).
final class NotifiedValue<Value: Sendable>: Sendable {
    private let feed: ChangeFeed
    private let state = Mutex<(generation: UInt64, value: Value?)>((0, nil))

    init(feed: ChangeFeed, topic: String) {
        self.feed = feed
        feed.onChange(of: topic) { [weak self] in self?.forget() }
    }

    /// Drops the value; a load that began before this does not keep what it read.
    func forget() {
        state.withLock { $0 = ($0.generation &+ 1, nil) }
    }

    /// The kept value, or `load()`'s (kept only if nothing changed while it loaded).
    func value(_ load: () async throws -> Value) async throws -> Value {
        guard feed.isListening else { return try await load() }
        let (generation, kept) = state.withLock { ($0.generation, $0.value) }
        if let kept { return kept }
        let value = try await load()
        let listening = feed.isListening
        state.withLock { if listening, $0.generation == generation { $0.value = value } }
        return value
    }
}
