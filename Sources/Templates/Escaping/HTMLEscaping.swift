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

    static func append(_ input: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
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
                    out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
                    appendEntity(base[i], to: &out)
                    runStart = i + 1
                }
                i += 1
            }
        }
        while i < count {
            if needsEscape(base[i]) {
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
                appendEntity(base[i], to: &out)
                runStart = i + 1
            }
            i += 1
        }
        if runStart < count { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart)) }
    }

    @inline(__always)
    static func appendEntity(_ b: UInt8, to out: inout [UInt8]) {
        switch b {
        case UInt8(ascii: "&"): out.append(static: "&amp;")
        case UInt8(ascii: "<"): out.append(static: "&lt;")
        case UInt8(ascii: ">"): out.append(static: "&gt;")
        case UInt8(ascii: "\""): out.append(static: "&quot;")
        default: out.append(static: "&#39;")
        }
    }

    static func append(_ string: String, to out: inout [UInt8]) {
        withUTF8(string) { append($0, to: &out) }
    }
}

/// Calls `body` with the UTF-8 bytes of `string`, without copying native strings.
@inline(__always)
func withUTF8<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = string.utf8.withContiguousStorageIfAvailable(body) { return r }
    var copy = string
    return copy.withUTF8(body)
}

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func append(static text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func append(string: String) {
        withUTF8(string) { append(contentsOf: $0) }
    }

    /// Appends the decimal digits of `value` without allocating.
    mutating func append(decimal value: Int) {
        if value >= 0, value < 10 { append(UInt8(ascii: "0") &+ UInt8(value)); return }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { buf in
            var i = 21
            repeat {
                i -= 1
                buf[i] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { i -= 1; buf[i] = UInt8(ascii: "-") }
            append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<21]))
        }
    }
}
