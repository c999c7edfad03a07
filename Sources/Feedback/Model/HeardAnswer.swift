import Speech

/// What BandUp's recogniser heard in a Speaking answer's recording, kept with the feedback so
/// the page can show it (unsure words marked) and the learner can correct it.
public struct HeardAnswer: Sendable, Codable, Equatable {
    public let words: [HeardWord]
    /// True when the assessment read these words (the learner typed no transcript); false when
    /// it read the learner's own transcript and used the recording for timing only.
    public let assessed: Bool

    public init(words: [HeardWord], assessed: Bool) {
        self.words = words
        self.assessed = assessed
    }

    /// The words as the recogniser's result (their timings are all the page needs).
    public var speech: RecognisedSpeech { RecognisedSpeech(words: words, duration: words.last?.end ?? 0) }

    /// The words without fillers, as the correction box starts.
    public var transcript: String { speech.transcript }
}
