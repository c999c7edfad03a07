/// Escaping for values inside `<script>`: JSON literals in code, string escapes inside quotes.
///
/// Both never emit `<`, `>`, `&`, U+2028 or U+2029 literally, so a value can neither close the
/// script element (`</script`), open an HTML comment (`<!--`), nor end a JavaScript line.
enum ScriptEscaping {
    /// Escapes a string's content for use between JavaScript quotes (either kind).
    static func appendStringContent(_ input: UnsafeBufferPointer<UInt8>, to out: inout Output) {
        var i = 0
        let n = input.count
        while i < n {
            let b = input[i]
            if b == 0xE2, i + 2 < n, input[i + 1] == 0x80, input[i + 2] == 0xA8 || input[i + 2] == 0xA9 {
                out.append(static: "\\u202")
                out.append(input[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                i += 3
                continue
            }
            if isPlain(b) { out.append(b) } else { appendUnicodeEscape(b, to: &out) }
            i += 1
        }
    }

    @inline(__always)
    private static func isPlain(_ b: UInt8) -> Bool {
        if b >= 0x80 || isASCIILetter(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) { return true }
        switch b {
        case UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "@"), UInt8(ascii: "#"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func appendUnicodeEscape(_ b: UInt8, to out: inout Output) {
        let hex: StaticString = "0123456789abcdef"
        out.append(static: "\\u00")
        out.append(hex.utf8Start[Int(b >> 4)])
        out.append(hex.utf8Start[Int(b & 0x0F)])
    }

    /// Appends `input` as a JSON string literal (with its quotes), safe inside `<script>` and attributes.
    static func appendJSONString(_ input: UnsafeBufferPointer<UInt8>, to out: inout Output) {
        out.append(UInt8(ascii: "\""))
        var i = 0
        let n = input.count
        var runStart = 0
        func flush(_ end: Int) {
            if runStart < end { out.append(UnsafeBufferPointer(rebasing: input[runStart..<end])) }
        }
        while i < n {
            let b = input[i]
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                flush(i); out.append(UInt8(ascii: "\\")); out.append(b); runStart = i + 1
            case UInt8(ascii: "\n"): flush(i); out.append(static: "\\n"); runStart = i + 1
            case UInt8(ascii: "\r"): flush(i); out.append(static: "\\r"); runStart = i + 1
            case UInt8(ascii: "\t"): flush(i); out.append(static: "\\t"); runStart = i + 1
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "'"), 0..<0x20, 0x7F:
                flush(i); appendUnicodeEscape(b, to: &out); runStart = i + 1
            case 0xE2 where i + 2 < n && input[i + 1] == 0x80 && (input[i + 2] == 0xA8 || input[i + 2] == 0xA9):
                flush(i)
                out.append(static: "\\u202")
                out.append(input[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                i += 3
                runStart = i
                continue
            default: break
            }
            i += 1
        }
        flush(n)
        out.append(UInt8(ascii: "\""))
    }
}
