/// Reads a JSON object as it streams in and hands out one top-level string field (the
/// assessment's `feedback`) character by character, escapes decoded, so the learner reads the
/// prose while the model is still writing the bands after it. Keeps the whole text for parsing
/// once the answer is complete.
struct StreamedField {
    let name: String
    /// Everything received so far.
    private(set) var json = ""

    private enum Capture { case key, field, other }
    private var depth = 0
    private var inString = false, escaped = false
    private var hex: String?
    private var highSurrogate: UInt32?
    private var expectingKey = false
    private var key = "", lastKey = ""
    private var capture = Capture.other

    init(_ name: String) { self.name = name }

    /// Adds streamed text; returns the part of the field's value it completed.
    mutating func add(_ text: String) -> String {
        json += text
        var shown = ""
        for scalar in text.unicodeScalars { step(scalar, into: &shown) }
        return shown
    }

    private mutating func step(_ scalar: Unicode.Scalar, into shown: inout String) {
        guard inString else {
            switch scalar {
            case "{": depth += 1; if depth == 1 { expectingKey = true }
            case "[": depth += 1
            case "}", "]": depth -= 1
            case ",": if depth == 1 { expectingKey = true }
            case ":": if depth == 1 { expectingKey = false }
            case "\"":
                inString = true
                capture = depth != 1 ? .other : expectingKey ? .key : lastKey == name ? .field : .other
                if capture == .key { key = "" }
            default: break
            }
            return
        }
        if highSurrogate != nil, hex == nil, !escaped, scalar != "\\" {
            highSurrogate = nil
            deliver("\u{FFFD}", into: &shown)
        }
        if var digits = hex {
            digits.unicodeScalars.append(scalar)
            guard digits.count == 4 else { hex = digits; return }
            hex = nil
            decoded(UInt32(digits, radix: 16) ?? 0xFFFD, into: &shown)
        } else if escaped {
            escaped = false
            switch scalar {
            case "u": hex = ""
            case "n": deliver("\n", into: &shown)
            case "t": deliver("\t", into: &shown)
            case "r": deliver("\r", into: &shown)
            case "b": deliver("\u{08}", into: &shown)
            case "f": deliver("\u{0C}", into: &shown)
            default: deliver(scalar, into: &shown)  // \" \\ \/
            }
        } else if scalar == "\\" {
            escaped = true
            return
        } else if scalar == "\"" {
            inString = false
            if capture == .key { lastKey = key }
            capture = .other
        } else {
            deliver(scalar, into: &shown)
        }
    }

    /// A `\uXXXX` code unit: surrogate pairs are joined, a lone half becomes U+FFFD.
    private mutating func decoded(_ unit: UInt32, into shown: inout String) {
        if (0xD800...0xDBFF).contains(unit) {
            if highSurrogate != nil { deliver("\u{FFFD}", into: &shown) }
            highSurrogate = unit
            return
        }
        if (0xDC00...0xDFFF).contains(unit), let high = highSurrogate {
            highSurrogate = nil
            deliver(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)) ?? "\u{FFFD}", into: &shown)
            return
        }
        if highSurrogate != nil { highSurrogate = nil; deliver("\u{FFFD}", into: &shown) }
        deliver(Unicode.Scalar(unit) ?? "\u{FFFD}", into: &shown)
    }

    private mutating func deliver(_ scalar: Unicode.Scalar, into shown: inout String) {
        switch capture {
        case .key: key.unicodeScalars.append(scalar)
        case .field: shown.unicodeScalars.append(scalar)
        case .other: break
        }
    }
}
