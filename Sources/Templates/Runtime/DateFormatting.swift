import FoundationEssentials

/// Formats dates with a small, locale-free pattern language (UTC, English names).
///
/// Patterns: `yyyy` `yy` year, `MMMM` `MMM` `MM` `M` month, `dd` `d` day, `EEEE` `EEE` weekday,
/// `HH` `H` hour, `mm` minute, `ss` second, `a` AM/PM, `h` 12-hour; text in single quotes is literal.
enum DateFormatting {
    /// Month names, 1-based (a switch, not a global array: no lazy initialisation on the hot path).
    static func month(_ m: Int) -> StaticString {
        switch m {
        case 1: "January"
        case 2: "February"
        case 3: "March"
        case 4: "April"
        case 5: "May"
        case 6: "June"
        case 7: "July"
        case 8: "August"
        case 9: "September"
        case 10: "October"
        case 11: "November"
        default: "December"
        }
    }

    /// Weekday names, Monday = 0.
    static func weekday(_ d: Int) -> StaticString {
        switch d {
        case 0: "Monday"
        case 1: "Tuesday"
        case 2: "Wednesday"
        case 3: "Thursday"
        case 4: "Friday"
        case 5: "Saturday"
        default: "Sunday"
        }
    }

    struct Fields {
        let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int
    }

    /// Dates this formatter handles: years -2,000,000 to 2,000,000 or so (beyond, Int arithmetic would trap).
    static func isInRange(_ date: Date) -> Bool {
        let t = date.timeIntervalSince1970
        return t.isFinite && abs(t) < 6e13
    }

    /// Calendar fields of `date` in UTC (Howard Hinnant's civil-from-days). Check ``isInRange(_:)`` first.
    static func fields(_ date: Date) -> Fields {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = ((days % 7) + 7 + 3) % 7 // 1970-01-01 was a Thursday (index 3, Monday = 0)
        return Fields(year: year, month: month, day: day, hour: rest / 3600, minute: rest % 3600 / 60,
                      second: rest % 60, weekday: weekday)
    }

    /// ISO 8601 in UTC, or nil for a date out of range.
    static func iso8601(_ date: Date) -> String? {
        isInRange(date) ? Pattern("yyyy-MM-dd'T'HH:mm:ss'Z'").format(date) : nil
    }

    /// A pattern parsed once (at compile time when it is a literal), formatted many times.
    struct Pattern: Sendable {
        enum Piece: Sendable {
            case literal(String)
            case field(Character, width: Int)
        }
        let pieces: [Piece]

        init(_ pattern: String) {
            var pieces: [Piece] = []
            let chars = Array(pattern)
            var i = 0
            while i < chars.count {
                let c = chars[i]
                if c == "'" {
                    var literal = ""
                    i += 1
                    while i < chars.count, chars[i] != "'" { literal.append(chars[i]); i += 1 }
                    i += 1
                    pieces.append(.literal(literal))
                    continue
                }
                var run = 1
                while i + run < chars.count, chars[i + run] == c { run += 1 }
                pieces.append(c.isLetter ? .field(c, width: run) : .literal(String(repeating: c, count: run)))
                i += run
            }
            self.pieces = pieces
        }

        /// Whether the pattern's literal text needs HTML escaping (field output never does).
        var hasMarkupCharacters: Bool {
            pieces.contains { piece in
                if case .literal(let text) = piece { return text.utf8.contains(where: HTMLEscaping.needsEscape) }
                return false
            }
        }

        func format(_ date: Date) -> String {
            Output.string { write(date, to: &$0) }
        }

        /// Appends the formatted date to `out` without building intermediate strings.
        func write(_ date: Date, to out: inout Output) {
            let f = DateFormatting.fields(date)
            for piece in pieces {
                switch piece {
                case .literal(let text): out.append(string: text)
                case .field(let c, let run):
                    switch c {
                    case "y": run == 2 ? pad(f.year % 100, 2, &out) : pad(f.year, run, &out)
                    case "M":
                        switch run {
                        case 1, 2: pad(f.month, run, &out)
                        case 3: out.append(prefixOf: DateFormatting.month(f.month), 3)
                        default: out.append(static: DateFormatting.month(f.month))
                        }
                    case "d": pad(f.day, run, &out)
                    case "E":
                        let name = DateFormatting.weekday(f.weekday)
                        run >= 4 ? out.append(static: name) : out.append(prefixOf: name, 3)
                    case "H": pad(f.hour, run, &out)
                    case "h": pad(f.hour % 12 == 0 ? 12 : f.hour % 12, run, &out)
                    case "m": pad(f.minute, run, &out)
                    case "s": pad(f.second, run, &out)
                    case "a": out.append(static: f.hour < 12 ? "AM" : "PM")
                    default: for _ in 0..<run { out.append(contentsOf: String(c).utf8) }
                    }
                }
            }
        }

        private func pad(_ n: Int, _ width: Int, _ out: inout Output) {
            var digits = 1, rest = n / 10
            while rest > 0 { digits += 1; rest /= 10 }
            for _ in digits..<max(width, digits) { out.append(UInt8(ascii: "0")) }
            out.append(decimal: n)
        }
    }

    /// Whether every letter in `pattern` is one we understand (checked at compile time).
    static func unknownLetter(in pattern: String) -> Character? {
        var quoted = false
        for c in pattern {
            if c == "'" { quoted.toggle(); continue }
            if !quoted, c.isLetter, !"yMdEHhmsa".contains(c) { return c }
        }
        return nil
    }
}
