/// Escaping for values inside URL-valued attributes (`href`, `src`, `action`, ...).
enum URLEscaping {
    /// Whether `url` may start a URL attribute: http, https, mailto, or no scheme at all (relative).
    ///
    /// Browsers ignore leading spaces and control characters and remove tabs and newlines anywhere
    /// in a URL, so we do the same before reading the scheme; any other scheme is refused.
    static func isSafe(_ url: UnsafeBufferPointer<UInt8>) -> Bool {
        // The scheme so far, lowercased, packed into a word; longer than "mailto" is never allowed.
        var packed: UInt64 = 0
        var length = 0
        var started = false
        for b in url {
            if !started, b <= 0x20 { continue }
            started = true
            if b == 0x09 || b == 0x0A || b == 0x0D { continue }
            if b == UInt8(ascii: ":") {
                return length <= 6 && (packed == pack("http") || packed == pack("https") || packed == pack("mailto"))
            }
            if b == UInt8(ascii: "/") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#") { return true }
            if length < 8 { packed = packed << 8 | UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
            length += 1
        }
        return true // no ':' at all: a relative URL
    }

    private static func pack(_ s: StaticString) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<s.utf8CodeUnitCount { v = v << 8 | UInt64(s.utf8Start[i]) }
        return v
    }

    /// Bytes that may stand in a URL as they are (RFC 3986 unreserved and reserved, and '%'), as bit sets
    /// over ASCII 0-63 (`!#$%&'()*+,-./0-9:;=?`) and 64-127 (`@A-Z[]_a-z~`). Literals, so no lazy global.
    private static var urlBytesLow: UInt64 { 0xAFFF_FFFA_0000_0000 }
    private static var urlBytesHigh: UInt64 { 0x47FF_FFFE_AFFF_FFFF }

    @inline(__always)
    static func isURLByte(_ b: UInt8) -> Bool {
        if b < 64 { return urlBytesLow & (1 << UInt64(b)) != 0 }
        if b < 128 { return urlBytesHigh & (1 << UInt64(b - 64)) != 0 }
        return false
    }

    @inline(__always)
    static func isUnreserved(_ b: UInt8) -> Bool {
        isASCIILetter(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "~")
    }

    /// Percent-encodes bytes that cannot stand in a URL, then HTML-escapes for the attribute.
    static func appendNormalised(_ input: UnsafeBufferPointer<UInt8>, to out: inout Output) {
        var runStart = 0
        for (i, b) in input.enumerated() where !isURLByte(b) || b == UInt8(ascii: "&") || b == UInt8(ascii: "'") {
            if runStart < i { out.append(UnsafeBufferPointer(rebasing: input[runStart..<i])) }
            if isURLByte(b) { HTMLEscaping.appendEntity(b, to: &out) } else { appendPercent(b, to: &out) }
            runStart = i + 1
        }
        if runStart < input.count { out.append(UnsafeBufferPointer(rebasing: input[runStart...])) }
    }

    /// Percent-encodes everything but unreserved bytes (a query value or fragment).
    static func appendQueryComponent(_ input: UnsafeBufferPointer<UInt8>, to out: inout Output) {
        for b in input {
            if isUnreserved(b) { out.append(b) } else { appendPercent(b, to: &out) }
        }
    }

    @inline(__always)
    static func appendPercent(_ b: UInt8, to out: inout Output) {
        let hex: StaticString = "0123456789ABCDEF"
        out.append(UInt8(ascii: "%"))
        out.append(hex.utf8Start[Int(b >> 4)])
        out.append(hex.utf8Start[Int(b & 0x0F)])
    }
}
