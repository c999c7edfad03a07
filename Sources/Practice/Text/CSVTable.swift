/// A CSV file read as RFC 4180 describes it: comma-separated fields, fields in double quotes may
/// hold commas, line breaks and doubled quotes, lines end with CRLF or LF. The first row names
/// the columns.
public struct CSVTable: Sendable, Equatable {
    /// A row that could not be read, with its line number (from 1).
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    public let columns: [String]
    /// Each row's fields and the line it starts on.
    public let rows: [(line: Int, fields: [String])]

    public static func == (a: CSVTable, b: CSVTable) -> Bool {
        a.columns == b.columns && a.rows.map(\.line) == b.rows.map(\.line) && a.rows.map(\.fields) == b.rows.map(\.fields)
    }

    /// Reads `text`; a quote left open, or text after a closing quote, is a ``Problem``.
    public init(_ text: String) throws(Problem) {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = [], field = "", quoted = false, afterQuote = false
        var line = 1, recordLine = 1, quoteLine = 1
        var characters = text.unicodeScalars.makeIterator()
        if text.unicodeScalars.first == "\u{FEFF}" { _ = characters.next() }  // a byte-order mark from a spreadsheet
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []; field = ""; afterQuote = false
        }
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? characters.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = characters.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; afterQuote = true; pending = next }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",": fields.append(field); field = ""; afterQuote = false
            case "\r":
                let next = characters.next()
                if next != "\n" { pending = next }
                endRecord(); line += 1; recordLine = line
            case "\n": endRecord(); line += 1; recordLine = line
            case "\"" where field.isEmpty && !afterQuote: quoted = true; quoteLine = line
            default:
                if afterQuote { throw Problem(line: line, message: "text after a closing quote (write a quote inside quotes as \"\")") }
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw Problem(line: quoteLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRecord() }
        guard let header = records.first else { throw Problem(line: 1, message: "the file is empty (the first row names the columns)") }
        columns = header.fields.map { $0.trimmed.lowercased() }
        rows = Array(records.dropFirst())
    }

    /// The value of `column` in `row`, or nil when the row is short or the column is absent.
    public func value(_ column: String, in row: [String]) -> String? {
        guard let index = columns.firstIndex(of: column.lowercased()), index < row.count else { return nil }
        return row[index]
    }
}
