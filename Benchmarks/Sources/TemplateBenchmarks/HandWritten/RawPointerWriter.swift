// `ByteWriter` doing unchecked stores into a preallocated buffer, with a
// word-at-a-time (SWAR) scan for bytes that need escaping: the stretch goal.
// The buffer must be at least `BoundWriter`'s count (escaped text may store
// up to 8 bytes past its final position; the bound includes that overhang).

struct RawPointerWriter: ByteWriter {
    private(set) var cursor: UnsafeMutablePointer<UInt8>
    #if DEBUG
    let end: UnsafeMutablePointer<UInt8>
    #endif

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        cursor = buffer.baseAddress!
        #if DEBUG
        end = buffer.baseAddress! + buffer.count
        #endif
    }

    @inline(__always) private func check(_ n: Int) {
        #if DEBUG
        precondition(cursor + n <= end, "RawPointerWriter overflow")
        #endif
    }

    @inline(__always) mutating func raw(_ text: StaticString) {
        let n = text.utf8CodeUnitCount
        check(n)
        cursor.update(from: text.utf8Start, count: n)
        cursor += n
    }

    @inline(__always) mutating func rawBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        check(bytes.count)
        cursor.update(from: bytes.baseAddress!, count: bytes.count)
        cursor += bytes.count
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        check(1)
        cursor.pointee = b
        cursor += 1
    }

    mutating func int(_ value: Int) {
        var v = value.magnitude
        var digits = 1
        var t = v
        while t >= 10 { t /= 10; digits += 1 }
        if value < 0 { byte(UInt8(ascii: "-")) }
        check(digits)
        var p = cursor + digits
        repeat {
            p -= 1
            p.pointee = UInt8(truncatingIfNeeded: v % 10) &+ 48
            v /= 10
        } while v != 0
        cursor += digits
    }

    /// Escapes 8 bytes at a time: each word is stored as-is, and only when the
    /// SWAR mask flags a special byte is the cursor pulled back to it and the
    /// entity written over the tail of the stored word.
    mutating func escaped(_ text: String) {
        withUTF8Bytes(text) { src in
            guard let base = src.baseAddress else { return }
            let n = src.count
            var i = 0
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                check(8)
                UnsafeMutableRawPointer(cursor).storeBytes(of: word, as: UInt64.self)
                let mask = htmlSpecialMask(word)
                if mask == 0 {
                    cursor += 8
                    i += 8
                    continue
                }
                // Lowest flagged byte is exact (false positives only sit above a true hit).
                let k = mask.trailingZeroBitCount >> 3
                cursor += k
                writeEntity(base[i + k])
                i += k + 1
            }
            while i < n {
                let b = base[i]
                switch b {
                case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                    writeEntity(b)
                default:
                    byte(b)
                }
                i += 1
            }
        }
    }

    @inline(__always) private mutating func writeEntity(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "&"): raw("&amp;")
        case UInt8(ascii: "<"): raw("&lt;")
        case UInt8(ascii: ">"): raw("&gt;")
        case UInt8(ascii: "\""): raw("&quot;")
        default: raw("&#39;")
        }
    }
}

/// 0x80 set in (at least) the lowest byte of `word` equal to & < > " or ',
/// and zero iff there is none. Classic "has zero byte" test per character.
@inline(__always)
func htmlSpecialMask(_ word: UInt64) -> UInt64 {
    @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 {
        (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }
    return zeroBytes(word ^ 0x2626_2626_2626_2626)  // &
        | zeroBytes(word ^ 0x3C3C_3C3C_3C3C_3C3C)  // <
        | zeroBytes(word ^ 0x3E3E_3E3E_3E3E_3E3E)  // >
        | zeroBytes(word ^ 0x2222_2222_2222_2222)  // "
        | zeroBytes(word ^ 0x2727_2727_2727_2727)  // '
}
