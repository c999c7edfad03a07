import Testing
@testable import Practice

/// Flashcards in and out of CSV: hostile rows rejected with their lines, formulas made inert.
@Suite struct CardCSVTests {
    @Test func rowsAreReadAndBadOnesReportedWithTheirLines() throws {
        let csv = """
            Term,Definition,Example,Part of speech
            mitigate,make less severe,Trees mitigate heat.,verb
            ,no term here,,
            sustainable,,,adjective
            "commute","travel to work, every day","She commutes ""by train"".",verb
            Mitigate,again with different case,,
            \(String(repeating: "x", count: 121)),too long,,
            trend,a general direction,\(String(repeating: "e", count: 501)),noun
            =HYPERLINK("http://evil"),a formula as a term is only text here,,
            """
        let (rows, rejected) = try CardCSV.read(csv)
        #expect(rows.map(\.term) == ["mitigate", "commute", "=HYPERLINK(\"http://evil\")"])
        #expect(rows[1].definition == "travel to work, every day" && rows[1].example == "She commutes \"by train\"." && rows[0].partOfSpeech == "verb")
        #expect(rejected.map(\.line) == [3, 4, 6, 7, 8], "\(rejected)")
        #expect(rejected.map(\.reason) == ["no term", "'sustainable' has no definition", "'Mitigate' appears earlier in the file",
                                          "the term is longer than 120 characters", "the example of 'trend' is longer than 500 characters"])
    }

    @Test func filesThatCannotBeReadSaySo() {
        #expect(throws: CSVTable.Problem.self) { try CardCSV.read("term,example\nx,y\n") }
        #expect(throws: CSVTable.Problem.self) { try CardCSV.read("") }
        #expect(throws: CSVTable.Problem.self) { try CardCSV.read("term,definition\n\"open,quote\n") }
    }

    static let formulas: [(String, String)] = [
        ("=1+2", "'=1+2"), ("+44 20 7946 0000", "'+44 20 7946 0000"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tstart", "'\tstart"), ("\rstart", "'\rstart"), ("plain", "plain"), ("a=b", "a=b"), ("", ""),
    ]

    @Test(arguments: formulas) func exportedFormulasAreInert(_ cell: String, _ written: String) {
        #expect(CardCSV.inert(cell) == written)
    }

    @Test func exportThenImportKeepsTheCards() throws {
        let rows = [CardCSV.Row(term: "commute", definition: "travel to work, every day", example: "She said \"hi\".", partOfSpeech: "verb"),
                    CardCSV.Row(term: "=cmd|' /C calc'!A0", definition: "@risk", example: "multi\nline")]
        let csv = CardCSV.write(rows)
        #expect(csv.hasPrefix("term,definition,example,part of speech,collocation,topic\r\n"))
        #expect(csv.contains("'=cmd|' /C calc'!A0,'@risk"))
        let (back, rejected) = try CardCSV.read(csv)
        #expect(rejected.isEmpty && back[0] == rows[0])
        #expect(back[1].term == "'=cmd|' /C calc'!A0" && back[1].example == "multi\nline")
    }
}
