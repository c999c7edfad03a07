// The BandUp templates' filters (`band`, `percent`, `date("d MMM yyyy")`,
// `upper`, `pluralize`) as String-returning functions. Every peer engine calls
// these from its own extension mechanism (Stencil filters, Leaf tags, Mustache
// transforms/view models), so the peers all pay the same, cheap formatting
// cost and the comparison measures the engines rather than DateFormatter.
// The hand-written renderers write the same bytes without allocating
// (see HandWritten/ByteWriter.swift); `BandUpWorkload.expectedHTML` checks
// all of it against Foundation's formatters.

import Foundation

enum Formatting {
    /// `band`: one decimal place (6.5 -> "6.5", 7 -> "7.0").
    static func band(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        let magnitude = tenths.magnitude
        return (tenths < 0 ? "-" : "") + "\(magnitude / 10).\(magnitude % 10)"
    }

    /// `percent`: `Int((x * 100).rounded())` followed by "%".
    static func percent(_ x: Double) -> String {
        "\(Int((x * 100).rounded()))%"
    }

    /// `date("d MMM yyyy")` in UTC with English month abbreviations.
    static func shortDate(_ date: Date) -> String {
        let (y, m, d) = civilDate(date)
        let year = y < 0 ? "-" + pad4(-y) : pad4(y)
        return "\(d) \(monthNames[m - 1]) \(year)"
    }

    /// `pluralize`: "" if the number is 1 else "s".
    static func pluralize(_ n: Int) -> String { n == 1 ? "" : "s" }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func pad4(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
    }

    /// UTC (year, month 1...12, day 1...31) of `date`, via Howard Hinnant's
    /// days-to-civil algorithm (no allocation, no calendar objects).
    static func civilDate(_ date: Date) -> (year: Int, month: Int, day: Int) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let days = Int((seconds / 86_400).rounded(.down))
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
