// The small writing interface the hand-written page functions are written
// against, plus the filters (`band`, `percent`, `date`, `upper`) expressed as
// allocation-free byte writes. Two writers implement it: `ArrayWriter`
// (appends to a `[UInt8]`) and `RawPointerWriter` (unchecked stores into a
// buffer sized by `BoundWriter`'s worst-case count, SWAR escaping).

import Foundation

protocol ByteWriter {
    /// Static template text, written verbatim.
    mutating func raw(_ text: StaticString)
    /// Bytes written verbatim (already safe / already escaped).
    mutating func rawBytes(_ bytes: UnsafeBufferPointer<UInt8>)
    mutating func byte(_ b: UInt8)
    /// Dynamic text, HTML-escaped (& < > " ').
    mutating func escaped(_ text: String)
    /// Decimal integer.
    mutating func int(_ value: Int)

    // Filters; default implementations below (BoundWriter overrides them).
    mutating func band(_ x: Double)
    mutating func percent(_ x: Double)
    mutating func shortDate(_ date: Date)
    mutating func upperEscaped(_ text: String)
}

extension ByteWriter {
    /// Decimal digits of `value` via a small stack buffer (no heap allocation).
    mutating func writeIntDigits(_ value: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of stack
        withUnsafeMutableBytes(of: &digits) { buf in
            var v = value.magnitude
            var i = buf.count
            repeat {
                i -= 1
                buf[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
                v /= 10
            } while v != 0
            if value < 0 { i -= 1; buf[i] = UInt8(ascii: "-") }
            let bytes = buf.bindMemory(to: UInt8.self)
            rawBytes(UnsafeBufferPointer(rebasing: bytes[i...]))
        }
    }

    /// `band` filter: one decimal place.
    mutating func band(_ x: Double) {
        let tenths = Int((x * 10).rounded())
        if tenths < 0 { byte(UInt8(ascii: "-")) }
        int(Int(tenths.magnitude / 10))
        byte(UInt8(ascii: "."))
        byte(UInt8(truncatingIfNeeded: tenths.magnitude % 10) &+ 48)
    }

    /// `percent` filter: `Int((x * 100).rounded())` + "%".
    mutating func percent(_ x: Double) {
        int(Int((x * 100).rounded()))
        byte(UInt8(ascii: "%"))
    }

    /// `date("d MMM yyyy")`, UTC, English month abbreviations.
    mutating func shortDate(_ date: Date) {
        let (y, m, d) = Formatting.civilDate(date)
        int(d)
        byte(UInt8(ascii: " "))
        rawBytes(UnsafeBufferPointer(start: monthAbbreviations.utf8Start + 3 * (m - 1), count: 3))
        byte(UInt8(ascii: " "))
        if y < 0 { byte(UInt8(ascii: "-")) }
        let year = abs(y)
        if year < 1000 { byte(48) }
        if year < 100 { byte(48) }
        if year < 10 { byte(48) }
        int(year)
    }

    /// `upper` filter then escaping. ASCII fast path without allocation;
    /// anything else goes through `String.uppercased()`.
    mutating func upperEscaped(_ text: String) {
        var ascii = true
        for b in text.utf8 where b >= 0x80 { ascii = false; break }
        guard ascii else { escaped(text.uppercased()); return }
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): byte(b &- 32)
            case UInt8(ascii: "&"): raw("&amp;")
            case UInt8(ascii: "<"): raw("&lt;")
            case UInt8(ascii: ">"): raw("&gt;")
            case UInt8(ascii: "\""): raw("&quot;")
            case UInt8(ascii: "'"): raw("&#39;")
            default: byte(b)
            }
        }
    }
}

private let monthAbbreviations: StaticString = "JanFebMarAprMayJunJulAugSepOctNovDec"

/// Gives `body` the UTF-8 bytes of `text` without copying for native strings.
@inline(__always)
func withUTF8Bytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = text.utf8.withContiguousStorageIfAvailable(body) { return r }
    var copy = text
    return copy.withUTF8(body)
}

/// Computes an upper bound of the bytes a page function writes, for
/// `RawPointerWriter`'s unchecked stores. Escaping grows a byte to at most 6.
struct BoundWriter: ByteWriter {
    var count = 0
    mutating func raw(_ text: StaticString) { count += text.utf8CodeUnitCount }
    mutating func rawBytes(_ bytes: UnsafeBufferPointer<UInt8>) { count += bytes.count }
    mutating func byte(_ b: UInt8) { count += 1 }
    mutating func escaped(_ text: String) { count += 6 * text.utf8.count + 8 }  // +8: SWAR word overhang
    mutating func int(_ value: Int) { count += 20 }
    mutating func band(_ x: Double) { count += 24 }
    mutating func percent(_ x: Double) { count += 21 }
    mutating func shortDate(_ date: Date) { count += 32 }
    mutating func upperEscaped(_ text: String) { count += 6 * text.utf8.count * 3 + 8 }  // uppercasing may grow UTF-8
}
