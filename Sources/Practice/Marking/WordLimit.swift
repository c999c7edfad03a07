/// "NO MORE THAN TWO WORDS AND/OR A NUMBER": how long a written answer may be.
///
/// A hyphenated word is one word. With `allowsNumber`, one number (`15`, `1,500`, `fifteen`, `3rd`)
/// does not count as a word; without it, a number is a word like any other.
public struct WordLimit: Sendable, Equatable, Codable {
    public let words: Int
    public let allowsNumber: Bool

    public init(words: Int, allowsNumber: Bool = false) {
        self.words = words
        self.allowsNumber = allowsNumber
    }

    /// How many words of `text` count against the limit.
    public func count(_ text: String) -> Int { count(tokens: AnswerText.tokens(text)) }

    /// How many of these normalized words (``AnswerText/tokens(_:)``) count against the limit.
    /// "AND/OR A NUMBER" allows one number on top of the words: a second number counts as a word.
    public func count(tokens: [String]) -> Int {
        guard allowsNumber else { return tokens.count }
        let numbers = tokens.filter(AnswerText.isNumber).count
        return tokens.count - min(numbers, 1)
    }

    public func permits(_ text: String) -> Bool { count(text) <= words }

    /// The words of the instruction: "NO MORE THAN TWO WORDS AND/OR A NUMBER", "ONE WORD ONLY".
    public var instruction: String {
        let number = allowsNumber ? " AND/OR A NUMBER" : ""
        return words == 1 ? (allowsNumber ? "ONE WORD" + number : "ONE WORD ONLY") : "NO MORE THAN \(Self.spelled(words)) WORDS\(number)"
    }

    /// Reads the limit an instruction states ("Write NO MORE THAN THREE WORDS", "ONE WORD AND/OR
    /// A NUMBER"), or nil when it states none.
    public static func stated(in instructions: String) -> WordLimit? {
        let text = instructions.uppercased()
        let allowsNumber = text.contains("A NUMBER")
        if text.contains("ONE WORD ONLY") || text.contains("ONE WORD AND/OR") { return WordLimit(words: 1, allowsNumber: allowsNumber) }
        for (index, name) in numberNames.enumerated().reversed() where text.contains("NO MORE THAN \(name) WORD") {
            return WordLimit(words: index + 1, allowsNumber: allowsNumber)
        }
        return nil
    }

    static let numberNames = ["ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN"]

    /// "TWO" for 2 (up to ten), as instructions spell numbers.
    public static func spelled(_ number: Int) -> String {
        (1...numberNames.count).contains(number) ? numberNames[number - 1] : String(number)
    }
}
