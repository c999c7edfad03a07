// The two pages written out by hand against `ByteWriter`. Generic, so each
// writer gets its own specialized copy in release builds.

enum HandWrittenPages {
    @inline(__always)
    static func fortunes<W: ByteWriter>(_ fortunes: [Fortune], into w: inout W) {
        w.raw("<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>")
        for f in fortunes {
            w.raw("<tr><td>")
            w.int(f.id)
            w.raw("</td><td>")
            w.escaped(f.message)
            w.raw("</td></tr>")
        }
        w.raw("</table></body></html>")
    }

    @inline(__always)
    static func bandUp<W: ByteWriter>(_ page: BandUpPage, into w: inout W) {
        let user = page.user
        // layout.html (one trailing newline per file dropped)
        w.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        w.raw("Your results · BandUp")  // results.html's title block + super()
        w.raw("</title>\n<link rel=\"stylesheet\" href=\"")
        w.escaped(page.stylesheet)
        w.raw("\">\n</head>\n<body>\n")
        // nav.html with user=user, active=section
        w.raw("<nav class=\"site-nav\" aria-label=\"Main\"><a class=\"brand\" href=\"/\">BandUp</a><ul><li><a href=\"/practice\"")
        if page.section == "practice" { w.raw(" aria-current=\"page\"") }
        w.raw(">Practice</a></li><li><a href=\"/progress\"")
        if page.section == "progress" { w.raw(" aria-current=\"page\"") }
        w.raw(">Progress</a></li><li><a href=\"/flashcards\"")
        if page.section == "flashcards" { w.raw(" aria-current=\"page\"") }
        w.raw(">Flashcards</a></li></ul><span class=\"user\">")
        w.escaped(user.name)
        w.raw("</span></nav>\n<main id=\"main\">")
        // results.html content block
        w.raw("\n<h1>Results for ")
        w.escaped(user.name)
        w.raw("</h1>\n")
        if BandUpWorkload.hasTarget(user.targetBand), let target = user.targetBand {
            w.raw("<p class=\"target\">Target band: <strong>")
            w.band(target)
            w.raw("</strong></p>")
        } else {
            w.raw("<p class=\"target\"><a href=\"/account\">Set a target band</a></p>")
        }
        w.raw("\n<p>")
        w.int(page.results.count)
        w.raw(" test")
        if page.results.count != 1 { w.byte(UInt8(ascii: "s")) }
        w.raw(" taken.</p>\n<table class=\"results\"><thead><tr><th>Date</th><th>Test</th><th>Skill</th><th>Score</th><th>Band</th></tr></thead><tbody>\n")
        for r in page.results {
            // result_row.html with result=r, target=user.targetBand
            if BandUpWorkload.meets(r.band, target: user.targetBand) {
                w.raw("<tr class=\"met\"><td>")
            } else {
                w.raw("<tr class=\"below\"><td>")
            }
            w.shortDate(r.takenAt)
            w.raw("</td><td><a href=\"/tests/")
            w.escaped(r.slug)
            w.raw("/review\">")
            w.escaped(r.title)
            w.raw("</a></td><td>")
            w.upperEscaped(r.skill)
            w.raw("</td><td>")
            w.int(r.correct)
            w.byte(UInt8(ascii: "/"))
            w.int(r.total)
            w.raw(" (")
            w.percent(r.accuracy)
            w.raw(")</td><td>")
            w.band(r.band)
            w.raw("</td></tr>\n")
        }
        if page.results.isEmpty {
            w.raw("<tr><td colspan=\"5\">No tests yet.</td></tr>\n")
        }
        w.raw("</tbody></table>\n")
        // back in layout.html
        w.raw("</main>\n")
        // footer.html with year=year
        w.raw("<footer class=\"site-footer\"><p>&copy; ")
        w.int(page.year)
        w.raw(" BandUp &middot; <a href=\"/privacy\">Privacy</a></p></footer>")
        w.raw("\n</body>\n</html>")
    }
}
