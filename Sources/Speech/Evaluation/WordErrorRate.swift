/// How far a transcript is from what was really said: substitutions, deletions and insertions
/// over the reference's words (the word error rate), after both are reduced to plain words.
public struct WordErrorRate: Sendable, Equatable {
    public var substitutions = 0
    public var deletions = 0
    public var insertions = 0
    public var referenceWords = 0

    public init() {}

    /// The errors in `hypothesis` against `reference` (minimum edit distance over words).
    public init(reference: String, hypothesis: String) {
        let said = Self.words(reference), heard = Self.words(hypothesis)
        referenceWords = said.count
        // Each cell: (cost, substitutions, deletions, insertions) of the cheapest alignment so far.
        typealias Cell = (cost: Int, s: Int, d: Int, i: Int)
        var previous: [Cell] = (0...heard.count).map { ($0, 0, 0, $0) }
        for word in said {
            var row: [Cell] = [(previous[0].cost + 1, previous[0].s, previous[0].d + 1, previous[0].i)]
            for (j, candidate) in heard.enumerated() {
                let diagonal = previous[j], up = previous[j + 1], left = row[j]
                var best: Cell = word == candidate ? diagonal : (diagonal.cost + 1, diagonal.s + 1, diagonal.d, diagonal.i)
                if up.cost + 1 < best.cost { best = (up.cost + 1, up.s, up.d + 1, up.i) }
                if left.cost + 1 < best.cost { best = (left.cost + 1, left.s, left.d, left.i + 1) }
                row.append(best)
            }
            previous = row
        }
        let last = previous[heard.count]
        (substitutions, deletions, insertions) = (last.s, last.d, last.i)
    }

    public var errors: Int { substitutions + deletions + insertions }

    /// Errors over reference words (0 when both are empty; can pass 1 when many words are inserted).
    public var rate: Double { referenceWords == 0 ? (errors == 0 ? 0 : 1) : Double(errors) / Double(referenceWords) }

    /// Several utterances' errors together (the rate over all their words, not a mean of rates).
    public static func + (lhs: WordErrorRate, rhs: WordErrorRate) -> WordErrorRate {
        var sum = lhs
        sum.substitutions += rhs.substitutions
        sum.deletions += rhs.deletions
        sum.insertions += rhs.insertions
        sum.referenceWords += rhs.referenceWords
        return sum
    }

    /// Lower-case words: hyphens and dashes split words, other punctuation goes, apostrophes stay
    /// ("It's old-fashioned." -> "it's", "old", "fashioned").
    public static func words(_ text: String) -> [String] {
        var words: [String] = [], current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || (character == "'" || character == "\u{2019}") && !current.isEmpty {
                current.append(character == "\u{2019}" ? "'" : character)
            } else if !current.isEmpty {
                words.append(current); current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.hasSuffix("'") ? String($0.dropLast()) : $0 }
    }
}
