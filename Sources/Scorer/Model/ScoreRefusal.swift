import Practice

/// Why an answer gets a message instead of a band: the scorer learned from complete, English,
/// on-topic essays, and a number for anything else would be a confident guess.
public enum ScoreRefusal: Sendable, Equatable, Error, CustomStringConvertible {
    case tooShort(words: Int, needed: Int)
    case notEnglish
    case copiedPrompt
    case offTopic

    /// The share of a task's minimum below which no band is given (Task 2: 75 words, Task 1: 45).
    public static let shortestShare = 0.3

    /// The refusal for these features, or nil when the essay can be scored.
    public static func check(_ features: EssayFeatures, prompt: String) -> ScoreRefusal? {
        let text = features.text
        let needed = Int((Double(features.task.minimumWords) * shortestShare).rounded(.up))
        let letters = text.source.unicodeScalars.filter { $0.properties.isAlphabetic }
        let latin = letters.filter { $0.value < 0x250 }.count
        if letters.count >= 20, Double(latin) / Double(letters.count) < 0.8 { return .notEnglish }
        if features.task.isWriting, text.wordCount < needed { return .tooShort(words: text.wordCount, needed: needed) }
        let words = text.words.filter { $0.first?.isWordLetter == true }
        let english = words.filter { WordFrequency.of($0) >= 3 }.count
        if words.count >= 10, Double(english) / Double(words.count) < 0.6 { return .notEnglish }
        if copies(prompt: prompt, text: text) { return .copiedPrompt }
        if features.topic.isOffTopic { return .offTopic }
        return nil
    }

    /// Whether most of the answer's three-word runs come from the prompt.
    static func copies(prompt: String, text: TextMeasures) -> Bool {
        let promptWords = TextMeasures.words(in: prompt), words = text.words
        guard promptWords.count >= 3, words.count >= 3 else { return false }
        let runs = Set((0..<(promptWords.count - 2)).map { promptWords[$0..<($0 + 3)].joined(separator: " ") })
        let copied = (0..<(words.count - 2)).filter { runs.contains(words[$0..<($0 + 3)].joined(separator: " ")) }.count
        return Double(copied) / Double(words.count - 2) > 0.5
    }

    /// What the learner reads instead of a band.
    public var description: String {
        switch self {
        case .tooShort(let words, let needed):
            "At \(words) words there is too little to estimate a band from (BandUp needs at least \(needed); the task asks for more). Write a complete answer and send it again."
        case .notEnglish:
            "This does not read as English, so BandUp cannot estimate a band. Write your answer in English and send it again."
        case .copiedPrompt:
            "Most of this answer repeats the task's own words. Write the answer in your own words: copied text earns no credit in the exam."
        case .offTopic:
            "This answer does not seem to be about the task's topic, so no band is estimated (in the exam an off-topic answer scores very low). Re-read the task and answer its question."
        }
    }
}
