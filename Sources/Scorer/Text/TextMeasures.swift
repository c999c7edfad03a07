import Practice

/// A text cut into what the scorer counts: words as IELTS counts them (each with where it stands
/// and in which sentence), sentences, and paragraphs. Line breaks may be CRLF (as a browser sends
/// a textarea) or LF: every line with words on it is a paragraph, as in the rated essays.
public struct TextMeasures: Sendable {
    /// One word of the text.
    public struct Token: Sendable, Equatable {
        /// As written ("London", "don't").
        public let text: String
        /// Lower-cased, with ’ as '.
        public let word: String
        /// Which sentence it belongs to (an index into `sentences`).
        public let sentence: Int
        /// Where it stands in `source`.
        public let range: Range<String.Index>

        public var isNumber: Bool { word.first?.isNumber == true }
        public var isCapitalised: Bool { text.first?.isUppercase == true }
    }

    /// The text with its line breaks as `\n`; token and sentence ranges point into it.
    public let source: String
    public let tokens: [Token]
    /// One sentence: its text, its tokens, and where it stands in `source`.
    public struct Sentence: Sendable {
        public let text: String
        public let tokens: Range<Int>
        public let range: Range<String.Index>
    }

    public let sentenceSpans: [Sentence]
    /// How many paragraphs (lines with words on them).
    public let paragraphs: Int

    /// The words, lower-cased, as written (a hyphenated word or a contraction is one word).
    public var words: [String] { tokens.map(\.word) }
    /// The sentences, as written.
    public var sentences: [String] { sentenceSpans.map(\.text) }
    public var wordCount: Int { tokens.count }

    public init(_ text: String) {
        let source = text.normalisedLineBreaks
        self.source = source
        var tokens: [Token] = []
        var sentences: [Sentence] = []
        var paragraphs = 0, lineHasWords = false
        var sentenceStart: String.Index? = nil, sentenceFirstToken = 0
        var wordStart: String.Index? = nil, word = ""

        func endWord(at end: String.Index) {
            guard let start = wordStart else { return }
            var end = end
            while let last = word.last, last == "'" || last == "-" { word.removeLast(); end = source.index(before: end) }
            if !word.isEmpty {
                tokens.append(Token(text: String(source[start..<end]), word: word.lowercased(), sentence: sentences.count, range: start..<end))
                lineHasWords = true
            }
            wordStart = nil
            word = ""
        }
        func endSentence(at end: String.Index) {
            if let start = sentenceStart, tokens.count > sentenceFirstToken {
                var end = end
                while end > start, source[source.index(before: end)].isWhitespace { end = source.index(before: end) }
                sentences.append(Sentence(text: String(source[start..<end]), tokens: sentenceFirstToken..<tokens.count, range: start..<end))
            }
            sentenceStart = nil
            sentenceFirstToken = tokens.count
        }

        var index = source.startIndex
        while index < source.endIndex {
            let character = source[index]
            let nextIndex = source.index(after: index)
            let next: Character = nextIndex < source.endIndex ? source[nextIndex] : " "
            if character.isWordCharacter {
                if wordStart == nil { wordStart = index }
                if sentenceStart == nil { sentenceStart = index }
                word.append(character)
            } else if character == "'" || character == "’" || character == "-", wordStart != nil {
                word.append(character == "’" ? "'" : character)
            } else if character == "." || character == ",", word.last?.isNumber == true, next.isNumber {
                word.append(character)  // 3.5 and 1,500 are one number
            } else {
                endWord(at: index)
                if character == "\n" {
                    endSentence(at: index)
                    if lineHasWords { paragraphs += 1 }
                    lineHasWords = false
                } else if ".!?".contains(character), next.isWhitespace || next == "\"" || next == "”" {
                    if sentenceStart == nil { sentenceStart = index }
                    endSentence(at: nextIndex)
                } else if sentenceStart == nil, !character.isWhitespace {
                    sentenceStart = index
                }
            }
            index = nextIndex
        }
        endWord(at: source.endIndex)
        endSentence(at: source.endIndex)
        if lineHasWords { paragraphs += 1 }
        self.tokens = tokens
        self.sentenceSpans = sentences
        self.paragraphs = paragraphs
    }

    /// Words per sentence.
    public var meanSentenceLength: Double { sentenceSpans.isEmpty ? 0 : Double(wordCount) / Double(sentenceSpans.count) }

    /// How much sentence lengths vary (standard deviation, in words).
    public var sentenceLengthSpread: Double {
        let lengths = sentenceSpans.map { Double($0.tokens.count) }
        guard lengths.count > 1 else { return 0 }
        let mean = lengths.reduce(0, +) / Double(lengths.count)
        return (lengths.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(lengths.count - 1)).squareRoot()
    }

    /// Measure of Textual Lexical Diversity (McCarthy & Jarvis, 2010): the mean length of word runs
    /// that keep a type-token ratio above 0.72, forwards and backwards. Independent of length,
    /// unlike the plain type-token ratio; around 70-100 in good essays, lower when words repeat.
    public var mtld: Double {
        let words = self.words
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
    public static func words(in text: String) -> [String] { TextMeasures(text).words }

    /// Sentences: text up to `.`, `!` or `?` followed by a space, a line break or the end (a
    /// number such as 3.5 does not end one), and every line break ends one.
    public static func sentences(in text: String) -> [String] { TextMeasures(text).sentences }
}
