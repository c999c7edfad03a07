import Practice
import Testing

/// CSV as spreadsheets write it: quotes, commas and line breaks inside fields, CRLF, a BOM.
@Suite struct CSVTableTests {
    @Test func fieldsAreReadAsRFC4180Says() throws {
        let table = try CSVTable("\u{FEFF}Prompt,Essay,id\r\ntask-2,\"Roads, trains and \"\"buses\"\".\nA second line.\",7\r\n\r\nplain,text,8\n")
        #expect(table.columns == ["prompt", "essay", "id"])
        #expect(table.rows.count == 2)
        #expect(table.rows[0].line == 2 && table.rows[0].fields == ["task-2", "Roads, trains and \"buses\".\nA second line.", "7"])
        #expect(table.rows[1].line == 5 && table.value("essay", in: table.rows[1].fields) == "text")
        #expect(table.value("missing", in: table.rows[1].fields) == nil)
    }

    @Test func aLastRowWithoutANewlineAndShortRowsAreKept() throws {
        let table = try CSVTable("essay,id\nonly an essay")
        #expect(table.rows.map(\.fields) == [["only an essay"]])
        #expect(table.value("id", in: table.rows[0].fields) == nil)
    }

    /// Broken files and the line the problem names.
    static let broken: [(String, Int, String)] = [
        ("", 1, "empty"),
        ("essay\n\"never closed\nstill open", 2, "never closed"),
        ("essay,id\n\"quoted\"tail,1", 2, "after a closing quote"),
    ]

    @Test(arguments: broken) func brokenFilesSayWhere(_ text: String, _ line: Int, _ words: String) {
        #expect {
            _ = try CSVTable(text)
        } throws: { error in
            guard let problem = error as? CSVTable.Problem else { return false }
            return problem.line == line && problem.message.contains(words)
        }
    }
}
