extension String {
    /// The text with every line ending as `\n`: CRLF (what browsers send from a form) and a lone
    /// CR (old Mac files) alike. A CR before a CRLF is a line of its own.
    public var withUnixLineEndings: String {
        guard utf8.contains(13) else { return self }
        var out = String.UnicodeScalarView()
        var scalars = unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if scalar == "\r" {
                out.append("\n")
                if pending == "\n" { pending = scalars.next() }
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
