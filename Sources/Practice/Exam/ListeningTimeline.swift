/// An exam-mode Listening test as one recording, as in the real test: the parts play one after
/// another, each after a pause to read its questions, and the test ends with time to check the
/// answers. The server starts it once and owns it; every page (on any device, after any reload)
/// asks where it is now and plays from there, so the recording is heard once and cannot be
/// paused, replayed or skipped.
public struct ListeningTimeline: Sendable, Equatable {
    /// Each part's recording, in seconds.
    public let parts: [Double]
    /// The pause before each part for reading its questions.
    public let readingSeconds: Double
    /// The time after the last part for checking answers (computer-delivered IELTS gives two minutes).
    public let checkingSeconds: Double

    public init(parts: [Double], readingSeconds: Double = 30, checkingSeconds: Double = 120) {
        self.parts = parts.map { max(0, $0) }
        self.readingSeconds = max(0, readingSeconds)
        self.checkingSeconds = max(0, checkingSeconds)
    }

    /// From the start of the first reading pause to the end of the checking time.
    public var totalSeconds: Double { parts.reduce(0) { $0 + readingSeconds + $1 } + checkingSeconds }

    /// Where the timeline is, some time after it started.
    public enum Moment: Sendable, Equatable {
        /// Reading the questions of `part` (0-based); it starts in `remaining` seconds.
        case reading(part: Int, remaining: Double)
        /// `part`'s recording is playing, `offset` seconds in.
        case playing(part: Int, offset: Double)
        /// Every part has played: `remaining` seconds to check answers.
        case checking(remaining: Double)
        /// The time is over.
        case over
    }

    /// The moment `elapsed` seconds after the start (a negative time is the very start).
    public func moment(after elapsed: Double) -> Moment {
        var time = max(0, elapsed)
        for (part, length) in parts.enumerated() {
            if time < readingSeconds { return .reading(part: part, remaining: readingSeconds - time) }
            time -= readingSeconds
            if time < length { return .playing(part: part, offset: time) }
            time -= length
        }
        return time < checkingSeconds ? .checking(remaining: checkingSeconds - time) : .over
    }

    /// When `part`'s recording starts, in seconds from the start of the timeline.
    public func start(of part: Int) -> Double {
        parts.prefix(max(0, min(part, parts.count))).reduce(0) { $0 + readingSeconds + $1 } + readingSeconds
    }
}
