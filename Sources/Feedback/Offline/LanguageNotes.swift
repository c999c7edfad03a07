import Scorer

/// The sentence-by-sentence notes of the offline analyser: each grammar slip the scorer counted,
/// and the first misspelt word of a sentence with Hunspell's correction, in the order of the text.
public enum LanguageNotes {
    /// At most `limit` notes, at most one per sentence and problem.
    public static func annotations(_ essay: EssayFeatures, limit: Int = 12, speller: Speller? = Speller.shared) -> [FeedbackResult.Annotation] {
        let text = essay.text
        let misspelt = Set(essay.misspelt)
        var found: [FeedbackResult.Annotation] = []
        var slips = essay.slips[...]
        for (index, sentence) in text.sentenceSpans.enumerated() {
            while let slip = slips.first, slip.sentence == index {
                slips = slips.dropFirst()
                let fixed = slip.corrected(in: text)
                if fixed != sentence.text { found.append(.init(sentence: sentence.text, problem: slip.problem, suggestion: fixed)) }
            }
            let wrong = sentence.tokens.filter { misspelt.contains(text.tokens[$0].word) }
            if let first = wrong.first, let better = speller?.suggestion(for: text.tokens[first].text) {
                let token = text.tokens[first]
                let rest = wrong.count > 1 ? " (and \(wrong.count - 1) more in this sentence)" : ""
                let suggestion = String(text.source[sentence.range.lowerBound..<token.range.lowerBound]) + better
                    + String(text.source[token.range.upperBound..<sentence.range.upperBound])
                found.append(.init(sentence: sentence.text, problem: "'\(token.text)' is misspelt\(rest).", suggestion: suggestion))
            }
            if found.count >= limit { break }
        }
        return Array(found.prefix(limit))
    }
}
