/// References from one asset to another: `url(…)` and `@import` in CSS, `sourceMappingURL`
/// comments in CSS and JavaScript. Each is found with its byte range and line, so it can be
/// reported and rewritten.
struct AssetReference: Equatable {
    /// The reference as written, without quotes (`../images/logo.svg?v=2#top`).
    let target: String
    /// Where `target` is in the file (bytes).
    let range: Range<Int>
    let line: Int

    /// The target without query and fragment.
    var pathPart: String { String(target.prefix { $0 != "?" && $0 != "#" }) }
    /// `?v=2#top`, kept when rewriting.
    var suffix: String { String(target.dropFirst(pathPart.count)) }

    /// Whether it points at something we build (not `data:`, `https://…`, `//cdn…`, `#id` or an absolute `/` path outside Public).
    var isLocal: Bool {
        let lower = pathPart.lowercased()
        return !pathPart.isEmpty && !lower.hasPrefix("data:") && !lower.hasPrefix("http:") && !lower.hasPrefix("https:")
            && !lower.hasPrefix("//") && !lower.contains(":")
    }

    /// The references in a CSS, JS or source-map file.
    static func find(in bytes: [UInt8], kind: String) -> [AssetReference] {
        switch kind {
        case "css": return cssReferences(bytes) + sourceMapReferences(bytes)
        case "js", "mjs": return sourceMapReferences(bytes)
        default: return []
        }
    }

    private static func cssReferences(_ bytes: [UInt8]) -> [AssetReference] {
        var found: [AssetReference] = []
        var index = 0
        var line = 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") { line += 1 }
            // Comments: skipped.
            if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
                    if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                    index += 1
                }
                index += 2
                continue
            }
            if byte | 0x20 == UInt8(ascii: "u"), matches(bytes, at: index, Self.url) {
                var start = index + 4
                while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
                if let reference = quotedOrBare(bytes, from: start, line: line, terminator: UInt8(ascii: ")")) { found.append(reference) }
                index = start
                continue
            }
            if byte == UInt8(ascii: "@"), matches(bytes, at: index, Self.atImport) {
                var start = index + 7
                while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
                if start < bytes.count, bytes[start] == UInt8(ascii: "\"") || bytes[start] == UInt8(ascii: "'"),
                   let reference = quotedOrBare(bytes, from: start, line: line, terminator: UInt8(ascii: ";")) {
                    found.append(reference)
                }
                index = start
                continue
            }
            index += 1
        }
        return found
    }

    /// `//# sourceMappingURL=app.js.map` or `/*# sourceMappingURL=app.css.map */`.
    private static func sourceMapReferences(_ bytes: [UInt8]) -> [AssetReference] {
        let marker = Array("# sourceMappingURL=".utf8)
        guard let start = firstIndex(of: marker, in: bytes) else { return [] }
        let begin = start + marker.count
        var end = begin
        while end < bytes.count, ![UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: "*"), UInt8(ascii: "\r")].contains(bytes[end]) { end += 1 }
        let line = bytes[..<begin].filter { $0 == UInt8(ascii: "\n") }.count + 1
        return [AssetReference(target: String(decoding: bytes[begin..<end], as: UTF8.self), range: begin..<end, line: line)]
    }

    private static func quotedOrBare(_ bytes: [UInt8], from start: Int, line: Int, terminator: UInt8) -> AssetReference? {
        guard start < bytes.count else { return nil }
        let quote = bytes[start]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            var end = start + 1
            while end < bytes.count, bytes[end] != quote, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            guard end < bytes.count, bytes[end] == quote else { return nil }
            return AssetReference(target: String(decoding: bytes[(start + 1)..<end], as: UTF8.self), range: (start + 1)..<end, line: line)
        }
        var end = start
        while end < bytes.count, bytes[end] != terminator, bytes[end] != UInt8(ascii: " "), bytes[end] != UInt8(ascii: "\n") { end += 1 }
        guard end > start else { return nil }
        return AssetReference(target: String(decoding: bytes[start..<end], as: UTF8.self), range: start..<end, line: line)
    }

    private static let url = Array("url(".utf8)
    private static let atImport = Array("@import".utf8)

    /// Whether `pattern` (lower-case) is at `index`, ignoring ASCII case. No allocation: this runs per byte.
    private static func matches(_ bytes: [UInt8], at index: Int, _ pattern: [UInt8]) -> Bool {
        guard index + pattern.count <= bytes.count else { return false }
        for offset in 0..<pattern.count {
            let byte = bytes[index + offset]
            let lowered = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            if lowered != pattern[offset] { return false }
        }
        return true
    }

    private static func firstIndex(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        outer: for index in 0...(bytes.count - pattern.count) where bytes[index] == pattern[0] {
            for offset in 1..<pattern.count where bytes[index + offset] != pattern[offset] { continue outer }
            return index
        }
        return nil
    }
}
