/// Flashcards to and from CSV, as spreadsheets write them: a header row naming the columns
/// (`term`, `definition`, `example`, and optionally `part of speech`, `collocation`, `topic`),
/// one card per row. Reading reports every row it rejects, with its line and why; writing
/// protects spreadsheet users from formula injection (a cell starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return gets a leading `'`, as OWASP advises).
public enum CardCSV {
    /// The fields of one card, as they travel in CSV.
    public struct Row: Sendable, Equatable {
        public var term: String
        public var definition: String
        public var example: String?
        public var partOfSpeech: String?
        public var collocation: String?
        public var topic: String?

        public init(term: String, definition: String, example: String? = nil, partOfSpeech: String? = nil, collocation: String? = nil, topic: String? = nil) {
            self.term = term
            self.definition = definition
            self.example = example
            self.partOfSpeech = partOfSpeech
            self.collocation = collocation
            self.topic = topic
        }
    }

    /// A row left out, and why.
    public struct Rejected: Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// The most rows one file may bring.
    public static let maximumRows = 2_000
    /// Limits a card's fields keep (the database checks them too).
    static func tooLong(_ row: Row) -> (name: String, limit: Int)? {
        let fields: [(String, String?, Int)] = [("example", row.example, 500), ("part of speech", row.partOfSpeech, 40),
                                                ("collocation", row.collocation, 120), ("topic", row.topic, 80)]
        return fields.first { ($0.1?.count ?? 0) > $0.2 }.map { ($0.0, $0.2) }
    }

    /// The cards in `text`, and the rows rejected. Throws when the file itself cannot be read
    /// (an unclosed quote, no header, no `term` or `definition` column).
    public static func read(_ text: String) throws(CSVTable.Problem) -> (rows: [Row], rejected: [Rejected]) {
        let table = try CSVTable(text)
        for required in ["term", "definition"] where !table.columns.contains(required) {
            throw CSVTable.Problem(line: 1, message: "the first row must name a '\(required)' column (columns: term, definition, example)")
        }
        var rows: [Row] = [], rejected: [Rejected] = [], seen = Set<String>()
        for (line, fields) in table.rows {
            func value(_ column: String) -> String? {
                let text = table.value(column, in: fields)?.trimmed ?? ""
                return text.isEmpty ? nil : text
            }
            guard rows.count < maximumRows else {
                rejected.append(Rejected(line: line, reason: "more than \(maximumRows) cards in one file; import the rest separately"))
                continue
            }
            guard let term = value("term") else { rejected.append(Rejected(line: line, reason: "no term")); continue }
            guard let definition = value("definition") else { rejected.append(Rejected(line: line, reason: "'\(term)' has no definition")); continue }
            guard term.count <= 120 else { rejected.append(Rejected(line: line, reason: "the term is longer than 120 characters")); continue }
            guard definition.count <= 500 else { rejected.append(Rejected(line: line, reason: "the definition of '\(term)' is longer than 500 characters")); continue }
            let row = Row(term: term, definition: definition, example: value("example"),
                          partOfSpeech: value("part of speech") ?? value("pos"), collocation: value("collocation"), topic: value("topic"))
            if let long = tooLong(row) {
                rejected.append(Rejected(line: line, reason: "the \(long.name) of '\(term)' is longer than \(long.limit) characters"))
                continue
            }
            guard seen.insert(term.lowercased()).inserted else {
                rejected.append(Rejected(line: line, reason: "'\(term)' appears earlier in the file"))
                continue
            }
            rows.append(row)
        }
        return (rows, rejected)
    }

    /// `rows` as CSV (CRLF line ends, RFC 4180 quoting, cells that a spreadsheet would run as a
    /// formula made inert).
    public static func write(_ rows: [Row]) -> String {
        var lines = ["term,definition,example,part of speech,collocation,topic"]
        for row in rows {
            lines.append([row.term, row.definition, row.example ?? "", row.partOfSpeech ?? "", row.collocation ?? "", row.topic ?? ""]
                .map { quoted(inert($0)) }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A cell a spreadsheet would read as a formula, with a leading `'` so it stays text.
    public static func inert(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return cell }
        return "'" + cell
    }

    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || cell.hasPrefix(" ") || cell.hasSuffix(" ") else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
