import Practice

/// The countable features of a text: words as IELTS counts them, sentences, paragraphs and
/// lexical diversity (MTLD).
public struct TextMeasures: Sendable {
    /// The words, lower-cased, as written (a hyphenated word or a contraction is one word).
    public let words: [String]
    /// The sentences, as written.
    public let sentences: [String]
    /// How many paragraphs (blocks separated by a blank line).
    public let paragraphs: Int

    public init(_ text: String) {
        words = Self.words(in: text)
        sentences = Self.sentences(in: text)
        paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
            .split(whereSeparator: { $0.allSatisfy(\.isWhitespace) }).filter { !$0.isEmpty }.count
    }

    public var wordCount: Int { words.count }

    /// Words per sentence.
    public var meanSentenceLength: Double { sentences.isEmpty ? 0 : Double(wordCount) / Double(sentences.count) }

    /// How much sentence lengths vary (standard deviation, in words).
    public var sentenceLengthSpread: Double {
        let lengths = sentences.map { Double(Self.words(in: $0).count) }
        guard lengths.count > 1 else { return 0 }
        let mean = lengths.reduce(0, +) / Double(lengths.count)
        return (lengths.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(lengths.count - 1)).squareRoot()
    }

    /// Measure of Textual Lexical Diversity (McCarthy & Jarvis, 2010): the mean length of word runs
    /// that keep a type-token ratio above 0.72, forwards and backwards. Independent of length,
    /// unlike the plain type-token ratio; around 70-100 in good essays, lower when words repeat.
    public var mtld: Double {
        guard words.count >= 10 else { return 0 }
        return (Self.mtldPass(words) + Self.mtldPass(words.reversed())) / 2
    }

    static func mtldPass(_ tokens: [String]) -> Double {
        let threshold = 0.72
        var factors = 0.0, types = Set<String>(), count = 0
        for token in tokens {
            count += 1
            types.insert(token)
            if Double(types.count) / Double(count) <= threshold {
                factors += 1
                types.removeAll(keepingCapacity: true)
                count = 0
            }
        }
        if count > 0 {
            let ratio = Double(types.count) / Double(count)
            factors += (1 - ratio) / (1 - threshold)
        }
        return factors == 0 ? Double(tokens.count) : Double(tokens.count) / factors
    }

    /// Words: runs of letters and digits, with inner apostrophes and hyphens kept ("well-known",
    /// "don't") and numbers whole ("3.5", "1,500"); IELTS counts each as one word.
    public static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        func flush() {
            while let last = current.last, last == "'" || last == "-" { current.removeLast() }
            if !current.isEmpty { words.append(current.lowercased()) }
            current = ""
        }
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : " "
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if (character == "'" || character == "’" || character == "-"), !current.isEmpty {
                current.append(character == "’" ? "'" : character)
            } else if (character == "." || character == ","), current.last?.isNumber == true, next.isNumber {
                current.append(character)  // 3.5 and 1,500 are one number
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    /// Sentences: text up to `.`, `!` or `?` followed by a space, a line break or the end (a
    /// number such as 3.5 does not end one), and every paragraph ends one.
    public static func sentences(in text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if character == "\n", index + 1 < characters.count, characters[index + 1] == "\n" {
                if !current.trimmed.isEmpty { sentences.append(current.trimmed) }
                current = ""
                continue
            }
            current.append(character)
            if ".!?".contains(character), index + 1 == characters.count || characters[index + 1].isWhitespace {
                if !current.trimmed.isEmpty { sentences.append(current.trimmed) }
                current = ""
            }
        }
        if !current.trimmed.isEmpty { sentences.append(current.trimmed) }
        return sentences.filter { !words(in: $0).isEmpty }
    }
}
