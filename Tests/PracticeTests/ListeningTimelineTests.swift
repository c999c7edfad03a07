import Testing
@testable import Practice

/// The exam's one recording: reading pauses, parts back to back, the checking time, the end.
@Suite struct ListeningTimelineTests {
    static let timeline = ListeningTimeline(parts: [300, 240.5, 360, 420], readingSeconds: 30, checkingSeconds: 120)

    static let moments: [(Double, ListeningTimeline.Moment)] = [
        (-5, .reading(part: 0, remaining: 30)),
        (0, .reading(part: 0, remaining: 30)),
        (29.5, .reading(part: 0, remaining: 0.5)),
        (30, .playing(part: 0, offset: 0)),
        (329.75, .playing(part: 0, offset: 299.75)),
        (330, .reading(part: 1, remaining: 30)),
        (360, .playing(part: 1, offset: 0)),
        (600, .playing(part: 1, offset: 240)),
        (600.5, .reading(part: 2, remaining: 30)),
        (630.5, .playing(part: 2, offset: 0)),
        (990.5, .reading(part: 3, remaining: 30)),
        (1020.5, .playing(part: 3, offset: 0)),
        (1440, .playing(part: 3, offset: 419.5)),
        (1440.5, .checking(remaining: 120)),
        (1500.5, .checking(remaining: 60)),
        (1560.5, .over),
        (100_000, .over),
    ]

    @Test(arguments: moments) func whereTheRecordingIs(_ elapsed: Double, _ expected: ListeningTimeline.Moment) {
        #expect(Self.timeline.moment(after: elapsed) == expected)
    }

    @Test func totalsAndStarts() {
        let expected: Double = 4 * 30 + 300 + 240.5 + 360 + 420 + 120
        #expect(Self.timeline.totalSeconds == expected)
        #expect(Self.timeline.start(of: 0) == 30)
        #expect(Self.timeline.start(of: 1) == 360)
        #expect(Self.timeline.start(of: 3) == 1020.5)
        // Every part starts where the timeline says it plays from its beginning.
        for part in 0..<4 { #expect(Self.timeline.moment(after: Self.timeline.start(of: part)) == .playing(part: part, offset: 0)) }
        #expect(ListeningTimeline(parts: []).moment(after: 0) == .checking(remaining: 120))
    }
}
