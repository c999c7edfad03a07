/// One template's source text, with what diagnostics need to point into it.
final class SourceFile: Sendable {
    /// The template's name, e.g. `lessons/show.html`.
    let name: String
    let bytes: [UInt8]
    private let lineStarts: [Int]

    init(name: String, text: String) {
        self.name = name
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// 1-based line and column (in characters) of a byte offset.
    func position(of offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        var column = 1
        for b in bytes[start..<clamped] where b & 0xC0 != 0x80 { column += 1 }
        return (lo + 1, column)
    }

    /// The text of the 1-based line `line`, without its newline.
    func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    func error(at offset: Int, _ message: String, hint: String? = nil) -> TemplateError {
        let (line, column) = position(of: offset)
        return TemplateError(file: name, line: line, column: column, message: message,
                             sourceLine: lineText(line), hint: hint)
    }
}

/// A place in a template, kept by compiled code so runtime errors can say where they happened.
struct SourceSpot: Sendable {
    let file: SourceFile
    let offset: Int

    func error(_ message: String, hint: String? = nil) -> TemplateError {
        file.error(at: offset, message, hint: hint)
    }
}
