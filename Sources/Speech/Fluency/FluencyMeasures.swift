/// How fluently an answer was spoken, measured from the recogniser's word timings: the measures
/// research on spoken fluency uses (speed, breakdown, repair), for the Fluency and Coherence band.
public struct FluencyMeasures: Sendable, Equatable, Codable {
    /// A silence of at least ``FluencyMeasures/longPause`` inside the answer.
    public struct Pause: Sendable, Equatable, Codable {
        /// When it began, in seconds from the start of the recording.
        public let at: Double
        public let seconds: Double
        /// The word said just before it ("because"): a pause after a linking word breaks a thought,
        /// one at a sentence's end does not.
        public let after: String
    }

    /// Shorter silences than this are not pauses (the gaps between words in fluent speech).
    public static let pause = 0.25
    /// Silences at least this long are the long pauses an examiner notices.
    public static let longPause = 1.0

    /// Words, fillers left out.
    public let words: Int
    /// From the first word to the last, seconds.
    public let speakingSpan: Double
    /// Words a minute over the span (speech rate).
    public let wordsPerMinute: Double
    /// Words a minute while sounding (articulation rate: pauses left out).
    public let articulationRate: Double
    /// The share of the span spent in pauses.
    public let pauseRatio: Double
    public let longPauses: [Pause]
    /// "um", "er" and the like.
    public let fillers: Int
    /// A word said again straight away ("the the"), or a two-word phrase restarted: repairs.
    public let repetitions: Int
    /// Mean words between pauses (mean length of run).
    public let meanLengthOfRun: Double

    public init(_ speech: RecognisedSpeech) {
        let heard = speech.words
        let spoken = heard.filter { !$0.isFiller }
        words = spoken.count
        fillers = heard.count - spoken.count
        guard let first = heard.first, let last = heard.last, last.end > first.start else {
            speakingSpan = 0; wordsPerMinute = 0; articulationRate = 0; pauseRatio = 0
            longPauses = []; repetitions = 0; meanLengthOfRun = 0
            return
        }
        speakingSpan = last.end - first.start
        var paused = 0.0, runs = [0], long: [Pause] = []
        for (before, after) in zip(heard, heard.dropFirst()) {
            let gap = after.start - before.end
            if gap >= Self.pause {
                paused += gap
                runs.append(0)
                if gap >= Self.longPause { long.append(Pause(at: before.end, seconds: gap, after: before.text)) }
            }
            if !after.isFiller { runs[runs.count - 1] += 1 }
        }
        if !first.isFiller { runs[0] += 1 }
        let sounding = max(speakingSpan - paused, 0.001)
        wordsPerMinute = Double(words) / (speakingSpan / 60)
        articulationRate = Double(words) / (sounding / 60)
        pauseRatio = paused / speakingSpan
        longPauses = long
        let counted = runs.filter { $0 > 0 }
        meanLengthOfRun = counted.isEmpty ? 0 : Double(counted.reduce(0, +)) / Double(counted.count)
        let texts = spoken.map(\.text)
        let repeats = zip(texts, texts.dropFirst()).filter { $0 == $1 }.count
        repetitions = repeats + Self.restartedPairs(texts)
    }

    /// "I went I went to": a two-word phrase said twice in a row.
    static func restartedPairs(_ texts: [String]) -> Int {
        guard texts.count >= 4 else { return 0 }
        var count = 0, index = 0
        while index + 3 < texts.count {
            if texts[index] == texts[index + 2], texts[index + 1] == texts[index + 3], texts[index] != texts[index + 1] {
                count += 1; index += 4
            } else {
                index += 1
            }
        }
        return count
    }
}
