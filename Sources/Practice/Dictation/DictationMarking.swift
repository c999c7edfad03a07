/// A dictation answer word by word against the sentence the learner heard: the fewest changes
/// that turn one into the other (a word-level edit distance), each word then right, missing,
/// extra or misspelt. Case, surrounding punctuation, curly quotes and numbers written as digits
/// or words ("seven" or "7") do not matter; a word typed close to the right one (a letter or two
/// out) is misspelt, a different word is the right one missing and an extra one.
public struct DictationMarking: Sendable, Equatable {
    /// One word of the comparison, in the order of the sentence.
    public enum Word: Sendable, Equatable {
        case correct(String)
        /// In the sentence, not typed.
        case missing(String)
        /// Typed, not in the sentence.
        case extra(String)
        /// Typed close to the sentence's word: what it should be, and what was typed.
        case misspelt(expected: String, typed: String)
    }

    public let words: [Word]

    /// Right words over the sentence's words plus extra ones (a misspelt word counts half): 0 to 1.
    public var accuracy: Double {
        let expected = words.filter { if case .extra = $0 { false } else { true } }.count
        let extra = words.count - expected
        guard expected + extra > 0 else { return 1 }
        let right = words.reduce(0.0) { total, word in
            switch word {
            case .correct: total + 1
            case .misspelt: total + 0.5
            default: total
            }
        }
        return right / Double(expected + extra)
    }

    /// Whole percent, for pages.
    public var percent: Int { Int((accuracy * 100).rounded()) }

    public var missing: Int { words.filter { if case .missing = $0 { true } else { false } }.count }
    public var extra: Int { words.filter { if case .extra = $0 { true } else { false } }.count }
    public var misspelt: Int { words.filter { if case .misspelt = $0 { true } else { false } }.count }

    public init(expected sentence: String, typed: String) {
        let expected = Self.words(sentence), given = Self.words(typed)
        let a = expected.map(Self.key), b = given.map(Self.key)
        // cost[i][j]: changes to turn the first i expected words into the first j typed ones.
        var cost = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { cost[i][0] = i }
        for j in 0...b.count { cost[0][j] = j }
        if !a.isEmpty && !b.isEmpty {
            for i in 1...a.count {
                for j in 1...b.count {
                    let substitute = a[i - 1] == b[j - 1] ? 0 : Self.isClose(a[i - 1], b[j - 1]) ? 1 : 2
                    cost[i][j] = min(cost[i - 1][j - 1] + substitute, cost[i - 1][j] + 1, cost[i][j - 1] + 1)
                }
            }
        }
        // Back from the end: the path the costs came by.
        var words: [Word] = []
        var i = a.count, j = b.count
        while i > 0 || j > 0 {
            if i > 0, j > 0 {
                let same = a[i - 1] == b[j - 1], close = !same && Self.isClose(a[i - 1], b[j - 1])
                if same, cost[i][j] == cost[i - 1][j - 1] {
                    words.append(.correct(expected[i - 1])); i -= 1; j -= 1; continue
                }
                if close, cost[i][j] == cost[i - 1][j - 1] + 1 {
                    words.append(.misspelt(expected: expected[i - 1], typed: given[j - 1])); i -= 1; j -= 1; continue
                }
            }
            if j > 0, cost[i][j] == cost[i][j - 1] + 1 {
                words.append(.extra(given[j - 1])); j -= 1
            } else {
                words.append(.missing(expected[i - 1])); i -= 1
            }
        }
        self.words = words.reversed()
    }

    /// The words as written, without surrounding punctuation.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace }).map { AnswerText.withoutSurroundingPunctuation($0) }.filter { !$0.isEmpty }
    }

    /// What a word is compared by: folded, lower-case, numbers as digits.
    static func key(_ word: String) -> String { AnswerText.tokens(word).joined(separator: " ") }

    /// Whether a typed word is the expected one misspelt: at most one letter out in words of up to
    /// five letters, two in longer ones (and never a different short word such as "in" for "on").
    static func isClose(_ expected: String, _ typed: String) -> Bool {
        let x = Array(expected), y = Array(typed)
        guard x.count >= 3 || y.count >= 3 else { return false }
        let allowed = max(x.count, y.count) <= 5 ? 1 : 2
        guard abs(x.count - y.count) <= allowed else { return false }
        var previous = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(1, y.count) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count] <= allowed
    }
}
