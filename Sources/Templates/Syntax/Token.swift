/// A token of the expression language inside `{{ }}` and `{% %}`.
struct Token: Equatable {
    enum Kind: Equatable {
        case name(String)
        case int(Int)
        case double(Double)
        case string(String)
        /// Punctuation and operators: `. , ( ) [ ] | = == != < <= > >= + - * / % ~ :`
        case symbol(String)
        case end
    }
    let kind: Kind
    /// Byte offset in the source file.
    let offset: Int

    var describe: String {
        switch kind {
        case .name(let n): return "'\(n)'"
        case .int(let i): return "'\(i)'"
        case .double(let d): return "'\(d)'"
        case .string: return "a string"
        case .symbol(let s): return "'\(s)'"
        case .end: return "the end of the tag"
        }
    }
}

/// Turns the inside of one `{{ }}` or `{% %}` into tokens.
struct Tokenizer {
    let file: SourceFile

    func tokens(in range: Range<Int>) throws(TemplateError) -> [Token] {
        let bytes = file.bytes
        var tokens: [Token] = []
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let b = bytes[i]
            if Segmenter.isSpace(b) { i += 1; continue }
            let start = i
            if Self.isNameStart(b) {
                while i < end, Self.isNameStart(bytes[i]) || Self.isDigit(bytes[i]) { i += 1 }
                tokens.append(Token(kind: .name(String(decoding: bytes[start..<i], as: UTF8.self)), offset: start))
            } else if Self.isDigit(b) {
                while i < end, Self.isDigit(bytes[i]) || bytes[i] == UInt8(ascii: "_") { i += 1 }
                var isDouble = false
                if i + 1 < end, bytes[i] == UInt8(ascii: "."), Self.isDigit(bytes[i + 1]) {
                    isDouble = true
                    i += 1
                    while i < end, Self.isDigit(bytes[i]) { i += 1 }
                }
                let text = String(decoding: bytes[start..<i], as: UTF8.self).replacingUnderscores()
                if isDouble, let d = Double(text) {
                    tokens.append(Token(kind: .double(d), offset: start))
                } else if let n = Int(text) {
                    tokens.append(Token(kind: .int(n), offset: start))
                } else {
                    throw file.error(at: start, "the number \(text) is too large")
                }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                tokens.append(Token(kind: .string(try string(from: &i, end: end, quote: b)), offset: start))
            } else {
                let two = i + 1 < end ? String(decoding: bytes[i...i + 1], as: UTF8.self) : ""
                if ["==", "!=", "<=", ">="].contains(two) {
                    tokens.append(Token(kind: .symbol(two), offset: start))
                    i += 2
                } else if let c = Self.singles.first(where: { $0 == b }) {
                    tokens.append(Token(kind: .symbol(String(UnicodeScalar(c))), offset: start))
                    i += 1
                } else {
                    let ch = String(decoding: bytes[i..<min(end, i + 1)], as: UTF8.self)
                    throw file.error(at: start, "unexpected character '\(ch)' in an expression",
                                     hint: "expressions use names, numbers, quoted strings, operators and filters")
                }
            }
        }
        tokens.append(Token(kind: .end, offset: end))
        return tokens
    }

    private static let singles: [UInt8] = Array(".,()[]|=<>+-*/%~:!".utf8)

    static func isNameStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_")
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private func string(from i: inout Int, end: Int, quote: UInt8) throws(TemplateError) -> String {
        let bytes = file.bytes
        let start = i
        i += 1
        var out: [UInt8] = []
        while i < end {
            let b = bytes[i]
            if b == quote { i += 1; return String(decoding: out, as: UTF8.self) }
            if b == UInt8(ascii: "\\"), i + 1 < end {
                let e = bytes[i + 1]
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                default: out.append(e)
                }
                i += 2
                continue
            }
            out.append(b)
            i += 1
        }
        throw file.error(at: start, "this string is never closed", hint: "expected a closing \(quote == UInt8(ascii: "\"") ? "\"" : "'")")
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
