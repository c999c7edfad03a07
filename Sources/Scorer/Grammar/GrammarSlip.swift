/// A grammar slip found in a text: which words, what is wrong, and what to write instead.
public struct GrammarSlip: Sendable, Equatable {
    /// What kind of slip, for counting by kind.
    public enum Kind: String, Sendable, CaseIterable {
        case agreement, verbForm, article, wordForm, wordChoice, repetition, capital
    }

    public let kind: Kind
    /// The sentence it is in (an index into the text's sentences).
    public let sentence: Int
    /// The tokens that are wrong (indices into the text's tokens).
    public let tokens: Range<Int>
    /// What replaces them.
    public let replacement: String
    /// What is wrong, for the learner.
    public let problem: String

    /// The sentence with this slip corrected (the first letter's case kept).
    public func corrected(in text: TextMeasures) -> String {
        let sentence = text.sentenceSpans[sentence]
        let start = text.tokens[tokens.lowerBound].range.lowerBound, end = text.tokens[tokens.upperBound - 1].range.upperBound
        var fix = replacement
        if text.tokens[tokens.lowerBound].isCapitalised, let first = fix.first {
            fix = first.uppercased() + fix.dropFirst()
        }
        return String(text.source[sentence.range.lowerBound..<start]) + fix + String(text.source[end..<sentence.range.upperBound])
    }
}
