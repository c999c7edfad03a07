import Foundation
import Testing
@testable import Templates

/// The attack strings of the OWASP XSS Filter Evasion Cheat Sheet (see Fixtures/owasp-xss-vectors.README.md),
/// printed into every context: the output must stay inert and decode back to exactly the input.
struct Vector: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let payload: String
    let kind: String
    var testDescription: String { "\(kind): \(name)" }
}

let owaspVectors: [Vector] = {
    let url = fixturesDirectory.appendingPathComponent("owasp-xss-vectors.json")
    guard let data = try? Data(contentsOf: url), let vectors = try? JSONDecoder().decode([Vector].self, from: data) else { return [] }
    return vectors
}()

/// Renders `x` between `prefix` and `suffix` and returns only what the value became.
private func printed(_ prefix: String, _ suffix: String, _ value: String) throws -> String {
    let library = try TemplateLibrary(sources: ["v.html": prefix + "{{ x }}" + suffix])
    let page = try library.renderString("v.html", ["x": .string(value)] as TemplateValue)
    #expect(page.hasPrefix(prefix) && page.hasSuffix(suffix))
    return String(page.dropFirst(prefix.count).dropLast(suffix.count))
}

/// What a browser reads from escaped text: our output uses only these entities.
func decodeEntities(_ s: String) -> String {
    var out = ""
    var rest = Substring(s)
    while let amp = rest.firstIndex(of: "&") {
        out += rest[..<amp]
        guard let semi = rest[amp...].firstIndex(of: ";") else { out += rest[amp...]; return out }
        let entity = rest[rest.index(after: amp)..<semi]
        switch entity {
        case "amp": out += "&"
        case "lt": out += "<"
        case "gt": out += ">"
        case "quot": out += "\""
        case "#39": out += "'"
        default: out += "&" + entity + ";"
        }
        rest = rest[rest.index(after: semi)...]
    }
    return out + rest
}

/// The scheme a browser would use for an attribute's URL, lowercased; nil for a relative URL.
func browserScheme(_ attribute: String) -> String? {
    var url = decodeEntities(attribute).unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
    while let first = url.first, first.value <= 0x20 { url.removeFirst() }
    let text = String(String.UnicodeScalarView(url))
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let beforeColon = text[..<colon]
    if beforeColon.contains(where: { "/?#".contains($0) }) { return nil }
    return beforeColon.lowercased()
}

@Test func theFixtureIsLoaded() {
    #expect(owaspVectors.count > 250)
    #expect(Set(owaspVectors.map(\.kind)) == ["markup", "url", "script", "url-allowed"])
}

@Test(arguments: owaspVectors)
func vectorStaysTextInElementsAndAttributes(_ vector: Vector) throws {
    for (prefix, suffix) in [("<p>", "</p>"), ("<a title=\"", "\">"), ("<a title='", "'>"), ("<textarea>", "</textarea>"), ("<title>", "</title>")] {
        let out = try printed(prefix, suffix, vector.payload)
        #expect(!out.contains(where: { "<>\"'".contains($0) }), "\(prefix): \(out)")
        #expect(decodeEntities(out) == vector.payload, "\(prefix): round trip")
    }
}

@Test(arguments: owaspVectors)
func vectorCannotChooseAURLScheme(_ vector: Vector) throws {
    for (prefix, suffix) in [("<a href=\"", "\">"), ("<img src='", "'>"), ("<form action=\"", "\">"), ("<a data-url=\"", "\">")] {
        let out = try printed(prefix, suffix, vector.payload)
        #expect(!out.contains(where: { "<>\"'".contains($0) }), "\(prefix): \(out)")
        let scheme = browserScheme(out)
        #expect(scheme == nil || ["http", "https", "mailto"].contains(scheme!), "\(prefix): \(out) has scheme \(scheme ?? "")")
        if vector.kind == "url" { #expect(out == "#" || scheme == nil, "\(out)") }
        if vector.kind == "url-allowed" { #expect(out != "#", "a legitimate link was dropped") }
    }
    // In the query part every byte that is not unreserved is percent-encoded.
    let query = try printed("<a href=\"/search?q=", "\">", vector.payload)
    #expect(query.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~%".contains($0)) }, "\(query)")
    #expect(percentDecoded(query) == Array(vector.payload.utf8))
}

@Test(arguments: owaspVectors)
func vectorCannotLeaveAScript(_ vector: Vector) throws {
    func inert(_ s: String) -> Bool {
        let lower = s.lowercased()
        return !lower.contains("</script") && !lower.contains("<!--") && !lower.contains("<script")
            && !s.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\n" || $0 == "\r" }
    }
    let literal = try printed("<script>var x = ", ";</script>", vector.payload)
    #expect(inert(literal), "\(literal)")
    #expect(literal.hasPrefix("\"") && literal.hasSuffix("\""))
    #expect(javaScriptStringDecoded(String(literal.dropFirst().dropLast())) == vector.payload, "JSON round trip")

    for quote in ["\"", "'"] {
        let content = try printed("<script>var s = \(quote)", "\(quote);</script>", vector.payload)
        #expect(inert(content) && !content.contains(quote) && !content.contains("\\\\\(quote)"), "\(content)")
        #expect(javaScriptStringDecoded(content) == vector.payload, "string round trip")
    }
}

/// Percent-decodes to bytes (Foundation's decoder drops a leading byte-order mark).
func percentDecoded(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var bytes = Array(s.utf8)[...]
    while let b = bytes.popFirst() {
        if b == UInt8(ascii: "%"), bytes.count >= 2, let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) {
            out.append(v)
            bytes = bytes.dropFirst(2)
        } else {
            out.append(b)
        }
    }
    return out
}

/// Decodes the escapes a JavaScript string literal may hold, as an engine would.
func javaScriptStringDecoded(_ s: String) -> String {
    var scalars = String.UnicodeScalarView()
    var input = Array(s.unicodeScalars)[...]
    while let c = input.popFirst() {
        guard c == "\\", let e = input.popFirst() else { scalars.append(c); continue }
        switch e {
        case "n": scalars.append("\n")
        case "r": scalars.append("\r")
        case "t": scalars.append("\t")
        case "u":
            let hex = String(String.UnicodeScalarView(input.prefix(4)))
            input = input.dropFirst(4)
            if let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) { scalars.append(scalar) }
        default: scalars.append(e)
        }
    }
    return String(scalars)
}
