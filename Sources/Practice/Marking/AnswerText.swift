import Foundation

/// How answers are compared: the rules of IELTS marking that concern the text itself.
///
/// Case, accents, curly quotes, surrounding spaces and punctuation do not matter; runs of spaces
/// are one space; numbers written in words are the same as digits (`fifteen` = `15`,
/// `twenty-one` = `21`, `third` = `3rd`) and thousands separators are ignored (`1,500` = `1500`).
public enum AnswerText {
    /// The comparable form of `text`.
    public static func normalized(_ text: String) -> String {
        tokens(text).joined(separator: " ")
    }

    /// The words of `text` after normalization: lower case, plain quotes and hyphens, no surrounding
    /// punctuation, numbers as digits.
    public static func tokens(_ text: String) -> [String] {
        var plain = ""
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "`") }) {
            // Nothing to fold or map: the common case, split byte by byte.
            let words = text.lowercased().utf8.split(whereSeparator: { $0 == 0x20 || (0x09...0x0D).contains($0) })
                .map { withoutSurroundingPunctuation(Substring($0)) }.filter { !$0.isEmpty }.map(NumberWords.digitsWithoutSeparators)
            return NumberWords.replacingNumberWords(words)
        } else {
            let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            plain.reserveCapacity(folded.utf8.count)
            for scalar in folded.unicodeScalars {
                switch scalar {
                case "\u{2018}", "\u{2019}", "\u{02BC}", "`": plain.append("'")
                case "\u{201C}", "\u{201D}": plain.append("\"")
                case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": plain.append("-")
                default: plain.unicodeScalars.append(scalar)
                }
            }
        }
        let words = plain.split(whereSeparator: { $0.isWhitespace })  // Characters: "\r\n" is one
            .map(withoutSurroundingPunctuation)
            .filter { !$0.isEmpty }
            .map { NumberWords.digitsWithoutSeparators($0) }
        return NumberWords.replacingNumberWords(words)
    }

    /// Whether a (normalized) token is a number: digits, with a decimal point, or an ordinal (3rd).
    public static func isNumber(_ token: String) -> Bool {
        var digits = Substring(token)
        for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) && digits.count > 2 {
            digits = digits.dropLast(2)
            break
        }
        guard let first = digits.first, first.isASCII, first.isNumber else { return false }
        return digits.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." } && !digits.hasSuffix(".")
    }

    static func withoutSurroundingPunctuation(_ word: Substring) -> String {
        let scalars = word.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSurrounding($0) }),
              let last = scalars.lastIndex(where: { !isSurrounding($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// ASCII is decided by a table (the usual case); anything else by Unicode's punctuation class.
    static func isSurrounding(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return surrounding.contains(scalar) }
        switch scalar {
        case "!", "\"", "#", "'", "(", ")", "*", ",", "-", ".", "/", ":", ";", "?", "@", "[", "\\", "]", "_", "{", "}", " ", "\t": return true
        default: return false
        }
    }

    /// Punctuation and symbols that do not count at either end of an answer (a `£` or `%` does).
    static let surrounding: CharacterSet = CharacterSet.punctuationCharacters.union(.whitespaces)
        .subtracting(CharacterSet(charactersIn: "%&"))
}
