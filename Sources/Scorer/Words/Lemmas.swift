/// A light English lemmatiser for matching an essay's words with its prompt's: inflections are
/// taken off ("studies" → "study", "polluting" → "pollute", "cities" → "city") only when what is
/// left is a word on the frequency list, so "news" and "this" stay as they are.
public enum Lemmas {
    static let irregular: [String: String] = [
        "children": "child", "people": "person", "men": "man", "women": "woman", "lives": "life", "feet": "foot", "teeth": "tooth",
        "mice": "mouse", "was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "has": "have", "had": "have",
        "did": "do", "does": "do", "better": "good", "best": "good", "worse": "bad", "worst": "bad",
    ].merging(WordClasses.irregularPast) { a, _ in a }

    /// Words that look inflected but are not ("news" is not the plural of "new").
    static let unchanged: Set<String> = ["news", "series", "species", "means", "physics", "economics", "politics", "mathematics", "always",
                                         "perhaps", "towards", "afterwards", "lens", "thus", "yes", "less", "unless", "plus", "bus", "gas",
                                         "during", "morning", "evening", "nothing", "something", "anything", "everything", "thing", "ceiling",
                                         "building", "feed", "need", "speed", "seed", "bed", "red", "hundred", "indeed"]

    /// The lemma of `word` (lower case).
    public static func lemma(_ word: String) -> String {
        if let known = irregular[word] { return known }
        if unchanged.contains(word) { return word }
        guard word.count > 3, word.allSatisfy(\.isWordLetter) else { return word }
        func known(_ candidate: some StringProtocol) -> String? {
            let value = String(candidate)
            return value.count >= 2 && WordFrequency.of(value) > 0 ? value : nil
        }
        if word.hasSuffix("ies"), let found = known(word.dropLast(3) + "y") { return found }
        if word.hasSuffix("ing") {
            let stem = word.dropLast(3)
            if let found = known(stem + "e") ?? known(stem) { return found }
            if stem.count >= 3, stem.last == stem.dropLast().last, let found = known(stem.dropLast()) { return found }  // running
        }
        if word.hasSuffix("ied"), let found = known(word.dropLast(3) + "y") { return found }
        if word.hasSuffix("ed") {
            let stem = word.dropLast(2)
            if let found = known(stem) ?? known(word.dropLast()) { return found }
            if stem.count >= 3, stem.last == stem.dropLast().last, let found = known(stem.dropLast()) { return found }  // stopped
        }
        if word.hasSuffix("es"), ["s", "x", "z", "ch", "sh"].contains(where: { word.dropLast(2).hasSuffix($0) }), let found = known(word.dropLast(2)) {
            return found
        }
        if word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is"), let found = known(word.dropLast()) {
            return found
        }
        return word
    }
}
