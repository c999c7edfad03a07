/// One word the recogniser heard: where it lies in the recording and how sure the recogniser was.
public struct HeardWord: Sendable, Equatable, Codable {
    /// The word in lower case ("good"), or a filler ("um").
    public let text: String
    /// Seconds from the start of the recording.
    public let start: Double
    public let end: Double
    /// The recogniser's posterior probability for the word, 0 to 1.
    public let confidence: Double

    public init(text: String, start: Double, end: Double, confidence: Double) {
        self.text = text
        self.start = start
        self.end = end
        self.confidence = confidence
    }

    /// Hesitation sounds, which the fluency measures count and the transcript leaves out.
    public static let fillers: Set<String> = ["uh", "um", "uhm", "er", "erm", "ah", "eh", "hmm", "mm", "mhm"]

    public var isFiller: Bool { Self.fillers.contains(text) }
}

/// What the recogniser heard in a recording: its words with their timings, and the recording's length.
public struct RecognisedSpeech: Sendable, Equatable, Codable {
    /// Words and fillers in order; silences and noises are left out.
    public let words: [HeardWord]
    /// The recording's length in seconds.
    public let duration: Double

    public init(words: [HeardWord], duration: Double) {
        self.words = words
        self.duration = duration
    }

    /// Below this the page marks a word as one the learner should check.
    public static let sureEnough = 0.6

    /// The words without fillers, as a learner would write them.
    public var transcript: String { words.filter { !$0.isFiller }.map(\.text).joined(separator: " ") }

    /// The words the recogniser was unsure of, in order.
    public var unsureWords: [HeardWord] { words.filter { !$0.isFiller && $0.confidence < Self.sureEnough } }
}

extension RecognisedSpeech {
    /// Silences at least this long end a spoken unit (the recogniser writes no punctuation).
    public static let unitPause = 0.6

    /// The words as lines, one per stretch of speech between pauses of ``unitPause`` or more: the
    /// text the offline analyser reads, where a line stands in for a sentence.
    public var units: [String] {
        var lines: [[String]] = [], previousEnd: Double?
        for word in words where !word.isFiller {
            if let end = previousEnd, word.start - end < Self.unitPause, !lines.isEmpty { lines[lines.count - 1].append(word.text) } else { lines.append([word.text]) }
            previousEnd = word.end
        }
        return lines.map { $0.joined(separator: " ") }
    }
}
