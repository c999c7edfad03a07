import Foundation
import Synchronization

/// What time it is. The server owns test deadlines, so the time comes from one place, and tests
/// can set it (``WallClock/manual(_:)``) instead of waiting.
struct WallClock: Sendable {
    let now: @Sendable () -> Date

    static let system = WallClock { Date() }

    /// A clock that stands still until moved; for tests.
    final class Manual: Sendable {
        private let time: Mutex<Date>
        init(_ start: Date) { time = Mutex(start) }
        func advance(by seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
        var now: Date { time.withLock { $0 } }
    }

    static func manual(_ clock: Manual) -> WallClock { WallClock { clock.now } }
}
