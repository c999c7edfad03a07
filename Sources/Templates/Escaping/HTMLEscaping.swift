/// HTML escaping of `& < > " '`, scanning eight bytes at a time for the bytes that need it.
enum HTMLEscaping {
    @inline(__always)
    static func needsEscape(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"")
            || b == UInt8(ascii: "'")
    }

    /// Whether any byte of the little-endian word `x` is one of `& ' < > "`.
    @inline(__always)
    static func wordNeedsEscape(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // 0x3C '<' and 0x3E '>' differ only in bit 1; 0x26 '&' and 0x27 '\'' only in bit 0.
        let angle = (x | (ones &* 0x02)) ^ (ones &* 0x3E)
        let ampQuote = (x | ones) ^ (ones &* 0x27)
        let dquote = x ^ (ones &* 0x22)
        func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        return (hasZero(angle) | hasZero(ampQuote) | hasZero(dquote)) != 0
    }

    static func append(_ input: UnsafeBufferPointer<UInt8>, to out: inout Output) {
        guard let base = input.baseAddress else { return }
        let count = input.count
        var runStart = 0
        var i = 0
        while i + 8 <= count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if !wordNeedsEscape(UInt64(littleEndian: word)) { i += 8; continue }
            let stop = i + 8
            while i < stop {
                if needsEscape(base[i]) {
                    out.append(UnsafeBufferPointer(start: base + runStart, count: i - runStart))
                    appendEntity(base[i], to: &out)
                    runStart = i + 1
                }
                i += 1
            }
        }
        while i < count {
            if needsEscape(base[i]) {
                out.append(UnsafeBufferPointer(start: base + runStart, count: i - runStart))
                appendEntity(base[i], to: &out)
                runStart = i + 1
            }
            i += 1
        }
        if runStart < count { out.append(UnsafeBufferPointer(start: base + runStart, count: count - runStart)) }
    }

    @inline(__always)
    static func appendEntity(_ b: UInt8, to out: inout Output) {
        switch b {
        case UInt8(ascii: "&"): out.append(static: "&amp;")
        case UInt8(ascii: "<"): out.append(static: "&lt;")
        case UInt8(ascii: ">"): out.append(static: "&gt;")
        case UInt8(ascii: "\""): out.append(static: "&quot;")
        default: out.append(static: "&#39;")
        }
    }

    static func append(_ string: String, to out: inout Output) {
        withUTF8(string) { append($0, to: &out) }
    }
}

