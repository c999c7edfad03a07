/// A piece of template source: static text, an output `{{ }}` or a tag `{% %}`.
enum Segment {
    /// Static text (after whitespace control), starting at `offset`.
    case text(ArraySlice<UInt8>, offset: Int)
    /// `{{ expr }}`; `content` is the byte range of `expr`.
    case output(content: Range<Int>, offset: Int)
    /// `{% tag %}`; `content` is the byte range inside the delimiters.
    case tag(content: Range<Int>, offset: Int)
}

/// Splits template source into segments, applying whitespace control (`{{-`, `-%}`, ...),
/// dropping comments and keeping `{% raw %}` sections literal.
struct Segmenter {
    let file: SourceFile
    private var bytes: [UInt8] { file.bytes }

    init(file: SourceFile) { self.file = file }

    func segments() throws(TemplateError) -> [Segment] {
        var result: [Segment] = []
        var textStart = 0
        var trimNextText = false
        var i = 0
        let n = bytes.count
        // A single trailing newline at the end of a file is not part of the page (Jinja's default).
        var end = n
        if end > 0, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1; if end > 0, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 } }

        func flushText(upTo stop: Int, trimEnd: Bool) {
            var lo = textStart, hi = stop
            if trimNextText { while lo < hi, Self.isSpace(bytes[lo]) { lo += 1 } }
            if trimEnd { while hi > lo, Self.isSpace(bytes[hi - 1]) { hi -= 1 } }
            if lo < hi { result.append(.text(bytes[lo..<hi], offset: lo)) }
        }

        while i + 1 < end {
            guard bytes[i] == UInt8(ascii: "{") else { i += 1; continue }
            let kind = bytes[i + 1]
            guard kind == UInt8(ascii: "{") || kind == UInt8(ascii: "%") || kind == UInt8(ascii: "#") else { i += 1; continue }
            let open = i
            var contentStart = i + 2
            let trimBefore = contentStart < end && bytes[contentStart] == UInt8(ascii: "-")
            if trimBefore { contentStart += 1 }
            let closer: UInt8 = kind == UInt8(ascii: "{") ? UInt8(ascii: "}") : kind
            guard let close = findClose(from: contentStart, closer: closer, isComment: kind == UInt8(ascii: "#")) else {
                let what = kind == UInt8(ascii: "{") ? "'}}'" : kind == UInt8(ascii: "%") ? "'%}'" : "'#}'"
                throw file.error(at: open, "this \(kind == UInt8(ascii: "#") ? "comment" : kind == UInt8(ascii: "%") ? "tag" : "output") is never closed",
                                 hint: "expected \(what) before the end of the file")
            }
            var contentEnd = close
            let trimAfter = contentEnd > contentStart && bytes[contentEnd - 1] == UInt8(ascii: "-")
            if trimAfter { contentEnd -= 1 }
            flushText(upTo: open, trimEnd: trimBefore)
            trimNextText = trimAfter
            i = close + 2
            textStart = i
            switch kind {
            case UInt8(ascii: "{"):
                result.append(.output(content: contentStart..<contentEnd, offset: open))
            case UInt8(ascii: "%"):
                if isRaw(contentStart..<contentEnd) {
                    let (rawEnd, after, trim) = try findEndRaw(from: i, open: open)
                    var lo = i, hi = rawEnd
                    if trimAfter { while lo < hi, Self.isSpace(bytes[lo]) { lo += 1 } }
                    if trim.before { while hi > lo, Self.isSpace(bytes[hi - 1]) { hi -= 1 } }
                    if lo < hi { result.append(.text(bytes[lo..<hi], offset: lo)) }
                    i = after
                    textStart = after
                    trimNextText = trim.after
                } else {
                    result.append(.tag(content: contentStart..<contentEnd, offset: open))
                }
            default:
                break // comment
            }
        }
        flushText(upTo: end, trimEnd: false)
        return result
    }

    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C
    }

    /// Finds the `}}`/`%}`/`#}` that closes a delimiter, skipping quoted strings in code.
    private func findClose(from start: Int, closer: UInt8, isComment: Bool) -> Int? {
        var i = start
        var quote: UInt8? = nil
        while i + 1 < bytes.count {
            let b = bytes[i]
            if let q = quote {
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if b == q { quote = nil }
                i += 1
                continue
            }
            if !isComment, b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { quote = b; i += 1; continue }
            if b == closer, bytes[i + 1] == UInt8(ascii: "}") { return i }
            i += 1
        }
        return nil
    }

    private func trimmed(_ range: Range<Int>) -> ArraySlice<UInt8> {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi, Self.isSpace(bytes[lo]) { lo += 1 }
        while hi > lo, Self.isSpace(bytes[hi - 1]) { hi -= 1 }
        return bytes[lo..<hi]
    }

    private func isRaw(_ range: Range<Int>) -> Bool { Array(trimmed(range)) == Array("raw".utf8) }

    /// Finds `{% endraw %}` after a raw tag: returns where the raw text ends, where scanning resumes,
    /// and the whitespace control on the endraw tag.
    private func findEndRaw(from start: Int, open: Int) throws(TemplateError)
        -> (Int, Int, (before: Bool, after: Bool))
    {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "{"), bytes[i + 1] == UInt8(ascii: "%") {
                var contentStart = i + 2
                let before = contentStart < bytes.count && bytes[contentStart] == UInt8(ascii: "-")
                if before { contentStart += 1 }
                if let close = findClose(from: contentStart, closer: UInt8(ascii: "%"), isComment: false) {
                    var contentEnd = close
                    let after = contentEnd > contentStart && bytes[contentEnd - 1] == UInt8(ascii: "-")
                    if after { contentEnd -= 1 }
                    if Array(trimmed(contentStart..<contentEnd)) == Array("endraw".utf8) {
                        return (i, close + 2, (before, after))
                    }
                }
            }
            i += 1
        }
        throw file.error(at: open, "'raw' is never closed", hint: "expected '{% endraw %}'")
    }
}
