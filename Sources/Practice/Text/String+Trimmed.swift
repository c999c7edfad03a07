/// Whitespace trimming in plain Swift (Foundation's `trimmingCharacters` bridges through NSString
/// and showed up in profiles of lesson rendering; so did grapheme-by-grapheme scanning).
extension Substring {
    /// Without leading and trailing whitespace (newlines included).
    public var trimmed: String {
        let bytes = utf8
        // ASCII whitespace at the ends (the usual case) is found byte by byte.
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, Self.isASCIIWhitespace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, Self.isASCIIWhitespace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        let inner = self[start..<end]
        // Other whitespace (no-break spaces, ideographic spaces) needs the Unicode properties.
        let scalars = inner.unicodeScalars
        if let first = scalars.first, let last = scalars.last, first.properties.isWhitespace || last.properties.isWhitespace {
            guard let from = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
                  let to = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
            return String(scalars[from...to])
        }
        return String(inner)
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}

extension String {
    /// Without leading and trailing whitespace (newlines included).
    public var trimmed: String { self[...].trimmed }
}

extension String {
    /// With every line break as `\n`: browsers send a textarea's lines as CRLF, and Swift reads
    /// `\r\n` as one `Character`, so a split on `"\n"` would never find a paragraph.
    public var normalisedLineBreaks: String {
        guard utf8.contains(13) else { return self }
        var scalars = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        for scalar in unicodeScalars {
            if scalar == "\r" { scalars.append("\n") } else if !(scalar == "\n" && previous == "\r") { scalars.append(scalar) }
            previous = scalar
        }
        return String(scalars)
    }
}
