import Testing
@testable import Scorer

/// Words, sentences and paragraphs as IELTS counts them, on text as a browser sends it (CRLF)
/// and as files hold it (LF).
@Suite struct TextMeasuresTests {
    /// Text, words, sentences, paragraphs.
    static let cases: [(String, Int, Int, Int)] = [
        ("A well-known writer didn't stop.\n\nShe wrote 3.5 books! Really? Yes.", 11, 4, 2),
        ("A well-known writer didn't stop.\r\n\r\nShe wrote 3.5 books! Really? Yes.", 11, 4, 2),
        ("One line.\nTwo line.\nThree line.\nFour line.", 8, 4, 4),
        ("One line.\r\nTwo line.\r\nThree line.\r\nFour line.", 8, 4, 4),
        ("Old Mac line.\rSecond.", 4, 2, 2),
        ("No full stop at the end\nand a new line", 10, 2, 2),
        ("The figure rose by 1,500 to 3.5 million in 2010.", 10, 1, 1),
        ("“Quoted,” she said. ‘It’s fine’.", 5, 2, 1),
        ("   \n\n  ", 0, 0, 0),
        ("Trailing spaces.   \r\n   \r\n", 2, 1, 1),
    ]

    @Test(arguments: cases) func counts(_ text: String, _ words: Int, _ sentences: Int, _ paragraphs: Int) {
        let measured = TextMeasures(text)
        #expect(measured.wordCount == words, "\(measured.words)")
        #expect(measured.sentences.count == sentences, "\(measured.sentences)")
        #expect(measured.paragraphs == paragraphs)
    }

    @Test func wordsKeepTheirFormAndPlace() {
        let text = TextMeasures("A well-known writer didn’t stop.\r\nShe wrote 3.5 books!")
        #expect(text.words == ["a", "well-known", "writer", "didn't", "stop", "she", "wrote", "3.5", "books"])
        #expect(text.tokens.map(\.sentence) == [0, 0, 0, 0, 0, 1, 1, 1, 1])
        #expect(text.tokens.allSatisfy { String(text.source[$0.range]) == $0.text })
        #expect(!text.source.contains("\r") && text.sentences == ["A well-known writer didn’t stop.", "She wrote 3.5 books!"])
    }

    @Test func lexicalDiversityIsLowerForRepetition() {
        let repeated = TextMeasures(String(repeating: "the cat sat on the mat ", count: 20)).mtld
        let varied = TextMeasures("""
            Traffic congestion has become one of the most visible problems of modern cities, and governments must decide how to spend \
            limited budgets. Some argue that new roads are the quickest way to keep a growing city moving, while others prefer trams.
            """).mtld
        #expect(repeated < 20 && varied > 50, "\(repeated) \(varied)")
    }
}
