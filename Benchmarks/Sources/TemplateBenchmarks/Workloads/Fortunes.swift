// TechEmpower "Fortunes" workload: data and the exact expected HTML.

/// One row of the TechEmpower Fortunes table.
struct Fortune: Encodable, Sendable {
    var id: Int
    var message: String
}

enum FortunesWorkload {
    /// The 12 rows of the TFB spec plus the one "added at request time",
    /// sorted by message in byte (UTF-8) order. Built once, outside timing.
    static func makeFortunes() -> [Fortune] {
        var fortunes = [
            Fortune(id: 1, message: "fortune: No such file or directory"),
            Fortune(id: 2, message: "A computer scientist is someone who fixes things that aren't broken."),
            Fortune(id: 3, message: "After enough decimal points, nobody gives a damn."),
            Fortune(id: 4, message: "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
            Fortune(id: 5, message: "A computer program does what you tell it to do, not what you want it to do."),
            Fortune(id: 6, message: "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"),
            Fortune(id: 7, message: "Any program that runs right is obsolete."),
            Fortune(id: 8, message: "A list is only as strong as its weakest link. — Donald Knuth"),
            Fortune(id: 9, message: "Feature: A bug with seniority."),
            Fortune(id: 10, message: "Computers make very fast, very accurate mistakes."),
            Fortune(id: 11, message: "<script>alert(\"This should not be displayed in a browser alert box.\");</script>"),
            Fortune(id: 12, message: "フレームワークのベンチマーク"),
        ]
        fortunes.append(Fortune(id: 0, message: "Additional fortune added at request time."))
        fortunes.sort { $0.message.utf8.lexicographicallyPrecedes($1.message.utf8) }
        return fortunes
    }

    /// The expected page, spelled out independently of every renderer
    /// (one line, no trailing newline). The harness checks the hand-written
    /// renderer against this, and every other renderer against that.
    static func expectedHTML(_ fortunes: [Fortune]) -> [UInt8] {
        var s = "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
        s += "<tr><th>id</th><th>message</th></tr>"
        for f in fortunes {
            s += "<tr><td>\(f.id)</td><td>\(referenceEscape(f.message))</td></tr>"
        }
        s += "</table></body></html>"
        return Array(s.utf8)
    }
}

/// Slow, obviously-correct HTML escaping used only to build expected output.
func referenceEscape(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
