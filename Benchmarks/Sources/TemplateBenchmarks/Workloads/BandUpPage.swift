// Realistic BandUp page workload: the data model behind
// Templates/ours/bandup/results.html (and its layout and partials).

import Foundation

struct BandUpUser: Encodable, Sendable {
    var name: String
    var targetBand: Double?
}

struct TestResult: Encodable, Sendable {
    var id: Int
    var title: String
    var slug: String
    var skill: String
    var band: Double
    var correct: Int
    var total: Int
    var accuracy: Double
    var takenAt: Date
}

struct BandUpPage: Encodable, Sendable {
    var user: BandUpUser
    var section: String
    var year: Int
    var stylesheet: String
    var results: [TestResult]
}

enum BandUpWorkload {
    /// Deterministic data, built once outside timing.
    static func makePage(resultCount: Int = 50) -> BandUpPage {
        let skills = ["Reading", "Listening", "Writing", "Speaking"]
        var results: [TestResult] = []
        results.reserveCapacity(resultCount)
        for i in 0..<resultCount {
            let correct = 20 + i % 21
            let total = 40
            results.append(TestResult(
                id: i + 1,
                title: i % 7 == 3 ? "Cambridge 18 & \"Mock\" <Test \(i + 1)>" : "Academic Reading Test \(i + 1)",
                slug: "academic-reading-\(i + 1)",
                skill: skills[i % 4],
                band: 5.0 + Double(i % 8) * 0.5,
                correct: correct,
                total: total,
                accuracy: Double(correct) / Double(total),
                takenAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(i) * 86_400)
            ))
        }
        return BandUpPage(
            user: BandUpUser(name: "Amélie O'Brien", targetBand: 7.0),
            section: "progress",
            year: 2026,
            stylesheet: "/assets/app.3f2a9c81.css",
            results: results
        )
    }

    /// Whether a result meets the user's target (`result.band >= target`).
    /// With no target, nothing is "met".
    static func meets(_ band: Double, target: Double?) -> Bool {
        guard let target else { return false }
        return band >= target
    }

    /// `{% if user.targetBand %}`: non-null and non-zero.
    static func hasTarget(_ target: Double?) -> Bool {
        if let target, target != 0 { return true }
        return false
    }
}

extension BandUpWorkload {
    /// The expected page, spelled out with String interpolation and
    /// Foundation's own formatters, independently of every renderer. It
    /// follows the semantics of Templates/ours/bandup/*.html (each file's one
    /// trailing newline dropped, only blocks of the child template count).
    static func expectedHTML(_ page: BandUpPage) -> [UInt8] {
        let dateFormatter = DateFormatter()
        dateFormatter.locale = Locale(identifier: "en_US_POSIX")
        dateFormatter.timeZone = TimeZone(identifier: "UTC")
        dateFormatter.dateFormat = "d MMM yyyy"
        func band(_ x: Double) -> String { String(format: "%.1f", x) }
        let e = referenceEscape
        let user = page.user

        func current(_ name: String) -> String { page.section == name ? " aria-current=\"page\"" : "" }
        let nav = "<nav class=\"site-nav\" aria-label=\"Main\"><a class=\"brand\" href=\"/\">BandUp</a><ul>"
            + "<li><a href=\"/practice\"\(current("practice"))>Practice</a></li>"
            + "<li><a href=\"/progress\"\(current("progress"))>Progress</a></li>"
            + "<li><a href=\"/flashcards\"\(current("flashcards"))>Flashcards</a></li></ul>"
            + "<span class=\"user\">\(e(user.name))</span></nav>"
        let footer = "<footer class=\"site-footer\"><p>&copy; \(page.year) BandUp &middot; "
            + "<a href=\"/privacy\">Privacy</a></p></footer>"

        var content = "\n<h1>Results for \(e(user.name))</h1>\n"
        if let target = user.targetBand, target != 0 {
            content += "<p class=\"target\">Target band: <strong>\(band(target))</strong></p>"
        } else {
            content += "<p class=\"target\"><a href=\"/account\">Set a target band</a></p>"
        }
        content += "\n<p>\(page.results.count) test\(page.results.count == 1 ? "" : "s") taken.</p>\n"
        content += "<table class=\"results\"><thead><tr><th>Date</th><th>Test</th><th>Skill</th>"
            + "<th>Score</th><th>Band</th></tr></thead><tbody>\n"
        for r in page.results {
            let met = user.targetBand.map { r.band >= $0 } ?? false
            content += "<tr class=\"\(met ? "met" : "below")\"><td>\(dateFormatter.string(from: r.takenAt))</td>"
                + "<td><a href=\"/tests/\(e(r.slug))/review\">\(e(r.title))</a></td>"
                + "<td>\(e(r.skill.uppercased()))</td>"
                + "<td>\(r.correct)/\(r.total) (\(Int((r.accuracy * 100).rounded()))%)</td>"
                + "<td>\(band(r.band))</td></tr>\n"
        }
        if page.results.isEmpty {
            content += "<tr><td colspan=\"5\">No tests yet.</td></tr>\n"
        }
        content += "</tbody></table>\n"

        let html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<title>Your results · BandUp</title>\n"
            + "<link rel=\"stylesheet\" href=\"\(e(page.stylesheet))\">\n</head>\n<body>\n"
            + nav + "\n<main id=\"main\">" + content + "</main>\n" + footer + "\n</body>\n</html>"
        return Array(html.utf8)
    }
}
