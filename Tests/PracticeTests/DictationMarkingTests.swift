import Testing
@testable import Practice

/// Dictation answers word by word: right, missing, extra and misspelt words, and the accuracy.
@Suite struct DictationMarkingTests {
    typealias Word = DictationMarking.Word

    static let cases: [(String, String, [Word], Int)] = [
        ("The ferry leaves at noon.", "the ferry leaves at noon", [.correct("The"), .correct("ferry"), .correct("leaves"), .correct("at"), .correct("noon")], 100),
        ("The ferry leaves at noon.", "The ferry leaves noon.", [.correct("The"), .correct("ferry"), .correct("leaves"), .missing("at"), .correct("noon")], 80),
        ("The ferry leaves at noon.", "The ferry leaves at at noon", [.correct("The"), .correct("ferry"), .correct("leaves"), .extra("at"), .correct("at"), .correct("noon")], 83),
        ("The ferry leaves at noon.", "The ferrie leaves at noon", [.correct("The"), .misspelt(expected: "ferry", typed: "ferrie"), .correct("leaves"), .correct("at"), .correct("noon")], 90),
        // A different word is the right one missing and another extra, not a misspelling.
        ("The ferry leaves at noon.", "The boat leaves at noon", [.correct("The"), .missing("ferry"), .extra("boat"), .correct("leaves"), .correct("at"), .correct("noon")], 67),
        ("It costs seven pounds.", "it costs 7 pounds", [.correct("It"), .correct("costs"), .correct("seven"), .correct("pounds")], 100),
        ("I’d like a room.", "I'd like a room", [.correct("I’d"), .correct("like"), .correct("a"), .correct("room")], 100),
        ("accommodation is included", "acommodation is included", [.misspelt(expected: "accommodation", typed: "acommodation"), .correct("is"), .correct("included")], 83),
        // Short words are never "misspelt" into other short words.
        ("put it on the table", "put it in the table", [.correct("put"), .correct("it"), .missing("on"), .extra("in"), .correct("the"), .correct("table")], 67),
        ("Good morning.", "", [.missing("Good"), .missing("morning")], 0),
        ("", "hello", [.extra("hello")], 0),
    ]

    @Test(arguments: cases) func wordByWord(_ sentence: String, _ typed: String, _ expected: [Word], _ percent: Int) {
        let marking = DictationMarking(expected: sentence, typed: typed)
        #expect(marking.words == expected, "\(marking.words)")
        #expect(marking.percent == percent)
    }

    @Test func countsByKind() {
        let marking = DictationMarking(expected: "We usually meet on the second Tuesday of every month.",
                                       typed: "we usualy meet on a second tuesday of each every month")
        #expect(marking.misspelt == 1 && marking.extra >= 1 && marking.missing + marking.extra >= 2, "\(marking.words)")
        #expect(marking.accuracy > 0.5 && marking.accuracy < 1)
    }
}
