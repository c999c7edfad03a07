import Testing

@testable import Scorer

/// Corrections for misspelt words: the nearest, then commonest, word Hunspell accepts.
@Suite struct CorrectionsTests {
    static let cases: [(written: String, corrected: String?)] = [
        ("goverment", "government"),        // a letter dropped
        ("recieve", "receive"),             // neighbours swapped
        ("thier", "their"),
        ("becouse", "because"),             // a letter changed
        ("enviroment", "environment"),
        ("Austrilia", "Australia"),         // a capital kept; only the capital is a word
        ("Goverment", "Government"),
        ("simutanuously", "simultaneously"),  // two edits
        ("tecnolegy", "technology"),
        ("alot", "a lot"),                  // "a" run into the next word beats "lot"
        ("leftout", "left out"),            // two words run together, nothing one edit away
        ("droped", "dropped"),              // one edit beats a split into "drop ed"
        ("sportmen", "sportsmen"),
        ("ourselfs", "ourselves"),          // the same first letter beats a commoner "yourself"
        ("qzxvbw", nil),                    // nothing near
        ("café", nil),                      // not plain ASCII: left alone
    ]

    @Test(arguments: cases) func corrects(_ example: (written: String, corrected: String?)) throws {
        let speller = try #require(Speller.shared, "hunspell-en-gb and hunspell-en-us are installed")
        #expect(speller.suggestion(for: example.written) == example.corrected, "\(example.written)")
    }

    static let distances: [(String, String, Int)] = [
        ("abc", "abc", 0), ("abc", "ab", 1), ("ab", "abc", 1), ("abc", "axc", 1), ("abc", "bac", 1),
        ("abcd", "badc", 2), ("kitten", "sitting", 3), ("", "ab", 2), ("ab", "", 2),
    ]

    @Test func distanceCountsDropsAddsChangesAndSwaps() {
        for (a, b, expected) in Self.distances {
            #expect(NearWords.distance(Array(a.utf8), Array(b.utf8), limit: 5) == expected, "\(a) → \(b)")
        }
        #expect(NearWords.distance(Array("kitten".utf8), Array("sitting".utf8), limit: 1) == 2, "stops past the limit")
    }

    @Test func theIndexFindsEveryWordWithinTwoEdits() {
        let index = NearWords(["house": 5, "horse": 4.5, "hose": 4, "mouse": 4.2, "houses": 4.1, "zebra": 3])
        let near = index.candidates(for: Array("hous".utf8), maxDistance: 2)
        #expect(near.map(\.word) == ["house", "horse", "houses", "hose", "mouse"], "\(near)")
        #expect(near.map(\.distance) == [1, 2, 2, 2, 2], "nearest, then the same first letter, then commonest")
        #expect(index.candidates(for: Array("hous".utf8), maxDistance: 1).map(\.word) == ["house"])
    }
}
