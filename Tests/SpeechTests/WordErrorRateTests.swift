import Testing
@testable import Speech

/// The word error rate on pairs worked out by hand.
@Suite struct WordErrorRateTests {
    /// Reference, hypothesis, substitutions, deletions, insertions.
    static let cases: [(String, String, Int, Int, Int)] = [
        ("Good morning, Riverside Sports Centre.", "good morning riverside sports centre", 0, 0, 0),
        ("Good morning, Riverside Sports Centre.", "good morning riverside sports center", 1, 0, 0),
        ("the cat sat on the mat", "the cat sat on mat", 0, 1, 0),
        ("the cat sat on the mat", "the cat sat on the the mat", 0, 0, 1),
        ("the cat sat", "a dog stood", 3, 0, 0),
        ("the cat sat", "", 0, 3, 0),
        ("", "uh", 0, 0, 1),
        ("", "", 0, 0, 0),
        ("It's old-fashioned.", "it's old fashioned", 0, 0, 0),
        ("It\u{2019}s here", "it's here", 0, 0, 0),
        ("Now, a few new rules.", "now the funerals", 2, 2, 0),
        ("one two three four", "two three four five", 0, 1, 1),
    ]

    @Test(arguments: cases) func errorsAreCountedByKind(_ reference: String, _ hypothesis: String, _ s: Int, _ d: Int, _ i: Int) {
        let measured = WordErrorRate(reference: reference, hypothesis: hypothesis)
        #expect(measured.substitutions + measured.deletions + measured.insertions == s + d + i, "\(measured)")
        #expect((measured.substitutions, measured.deletions, measured.insertions) == (s, d, i), "\(measured)")
    }

    @Test func ratesAddUpOverWordsNotUtterances() {
        let short = WordErrorRate(reference: "yes", hypothesis: "no")
        let long = WordErrorRate(reference: "one two three four five six seven eight nine", hypothesis: "one two three four five six seven eight nine")
        #expect(short.rate == 1 && long.rate == 0)
        #expect((short + long).rate == 0.1)
        #expect(WordErrorRate(reference: "", hypothesis: "extra").rate == 1)
    }

    @Test func wordsArePlainLowerCase() {
        #expect(WordErrorRate.words("Well, partly—it was 'practical'!") == ["well", "partly", "it", "was", "practical"])
        #expect(WordErrorRate.words("Students' rooms") == ["students", "rooms"])
    }
}
