/// Finding cohesive devices (linking words and phrases) in a text, by function.
public enum CohesiveDevices {
    /// One device found: its phrase, its function, and its tokens.
    public struct Found: Sendable, Equatable {
        public let phrase: String
        public let function: String
        public let tokens: Range<Int>
    }

    /// Phrases as words, by their first word, longest first.
    static let byFirstWord: [String: [(words: [String], phrase: String, function: String)]] = {
        var table: [String: [(words: [String], phrase: String, function: String)]] = [:]
        for (function, phrases) in WordClasses.cohesiveDevices {
            for phrase in phrases {
                let words = phrase.split(separator: " ").map(String.init)
                table[words[0], default: []].append((words, phrase, function))
            }
        }
        return table.mapValues { $0.sorted { $0.words.count > $1.words.count } }
    }()

    /// Every device in `text`, in order, never two over the same words, never across sentences.
    public static func find(in text: TextMeasures) -> [Found] {
        var found: [Found] = []
        let tokens = text.tokens
        var index = 0
        while index < tokens.count {
            var advanced = false
            for candidate in byFirstWord[tokens[index].word] ?? [] {
                let end = index + candidate.words.count
                guard end <= tokens.count, tokens[end - 1].sentence == tokens[index].sentence,
                      zip(candidate.words, tokens[index..<end]).allSatisfy({ $0 == $1.word }) else { continue }
                found.append(Found(phrase: candidate.phrase, function: candidate.function, tokens: index..<end))
                index = end
                advanced = true
                break
            }
            if !advanced { index += 1 }
        }
        return found
    }

    /// Whether `phrase` occurs in `words`.
    public static func contains(_ phrase: [String], in words: [String]) -> Bool {
        guard let first = phrase.first, phrase.count <= words.count else { return false }
        for start in words.indices where words[start] == first && start + phrase.count <= words.count {
            if Array(words[start..<(start + phrase.count)]) == phrase { return true }
        }
        return false
    }
}
