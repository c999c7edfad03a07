import Synchronization

/// The deadlines of every PostgreSQL and Redis call in the process, watched by one clock that
/// ticks every `tick`, instead of a timer per call: under load a `Task.sleep` per call cost ~11%
/// of the CPU in libdispatch's timer thread (`perf`, Benchmarks/Web). A deadline fires at most one
/// tick late, which is nothing beside a limit of seconds.
final class DeadlineWatch: Sendable {
    static let shared = DeadlineWatch(tick: .milliseconds(50))

    private let tick: Duration
    private let state = Mutex(State())

    private struct State {
        var next: UInt64 = 0
        var deadlines: [UInt64: (at: ContinuousClock.Instant, expire: @Sendable () -> Void)] = [:]
        var ticking = false
    }

    init(tick: Duration) {
        self.tick = tick
    }

    /// Calls `expire` (once, from the clock's task) when `at` passes, unless ``cancel(_:)`` came first.
    func watch(until at: ContinuousClock.Instant, _ expire: @escaping @Sendable () -> Void) -> UInt64 {
        let (id, start) = state.withLock { state in
            state.next += 1
            state.deadlines[state.next] = (at, expire)
            defer { state.ticking = true }
            return (state.next, !state.ticking)
        }
        if start { Task.detached { await self.run() } }
        return id
    }

    func cancel(_ id: UInt64) {
        _ = state.withLock { $0.deadlines.removeValue(forKey: id) }
    }

    /// Ticks while deadlines are watched; stops when none are left (the next `watch` starts it again).
    private func run() async {
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let (due, done) = state.withLock { state -> ([@Sendable () -> Void], Bool) in
                let due = state.deadlines.filter { $0.value.at <= now }
                for id in due.keys { state.deadlines.removeValue(forKey: id) }
                if state.deadlines.isEmpty { state.ticking = false }
                return (due.values.map(\.expire), !state.ticking)
            }
            due.forEach { $0() }
            if done { return }
        }
    }
}
