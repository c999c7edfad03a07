/// Numbers written as words, read as digits: `fifteen` → `15`, `two hundred and fifty` → `250`,
/// `twenty-first` → `21st`. Used so that a key in digits accepts the same number in words.
enum NumberWords {
    static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]
    static let scales: [String: Int] = ["hundred": 100, "thousand": 1000, "million": 1_000_000]
    static let ordinals: [String: String] = [
        "first": "one", "second": "two", "third": "three", "fourth": "four", "fifth": "five", "sixth": "six", "seventh": "seven",
        "eighth": "eight", "ninth": "nine", "tenth": "ten", "eleventh": "eleven", "twelfth": "twelve", "thirteenth": "thirteen",
        "fourteenth": "fourteen", "fifteenth": "fifteen", "sixteenth": "sixteen", "seventeenth": "seventeen", "eighteenth": "eighteen",
        "nineteenth": "nineteen", "twentieth": "twenty", "thirtieth": "thirty", "fortieth": "forty", "fiftieth": "fifty",
        "sixtieth": "sixty", "seventieth": "seventy", "eightieth": "eighty", "ninetieth": "ninety", "hundredth": "hundred",
        "thousandth": "thousand",
    ]

    /// `1,500` → `1500`; `3,5` and other tokens unchanged.
    static func digitsWithoutSeparators(_ token: String) -> String {
        guard token.contains(","), token.first?.isNumber == true else { return token }
        let groups = token.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count > 1, groups.dropFirst().allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isNumber) }),
              (1...3).contains(groups[0].count), groups[0].allSatisfy(\.isNumber) else { return token }
        return groups.joined()
    }

    /// Replaces each run of number words (`twenty`, `five`) with its digits (`25`).
    static func replacingNumberWords(_ tokens: [String]) -> [String] {
        // `twenty-five` is two number words; `well-known` stays one token.
        let words = tokens.flatMap { token -> [String] in
            let parts = token.split(separator: "-").map(String.init)
            return parts.count > 1 && parts.allSatisfy(isNumberWord) ? parts : [token]
        }
        var result: [String] = []
        var index = 0
        while index < words.count {
            if let (text, length) = number(at: index, in: words) {
                result.append(text)
                index += length
            } else {
                result.append(words[index])
                index += 1
            }
        }
        return result
    }

    static func isNumberWord(_ word: String) -> Bool {
        let cardinal = ordinals[word] ?? word
        return units[cardinal] != nil || tens[cardinal] != nil || scales[cardinal] != nil
    }

    /// What the last word of a number was, which decides what may follow it.
    private enum Last { case none, unit, teen, tens, hundred, scale }

    /// The digits of the number whose words start at `start`, and how many words it took; nil
    /// when no number starts there. "five six" is two numbers; "two hundred and five" is one.
    private static func number(at start: Int, in words: [String]) -> (String, Int)? {
        var total = 0, current = 0, last = Last.none, index = start, end = start, ordinal = false
        while index < words.count, !ordinal {
            var word = words[index]
            if word == "and", last == .hundred || last == .scale, index + 1 < words.count,
               units[ordinals[words[index + 1]] ?? words[index + 1]] != nil || tens[ordinals[words[index + 1]] ?? words[index + 1]] != nil {
                index += 1
                continue
            }
            if let cardinal = ordinals[word] {
                word = cardinal
                ordinal = true
            }
            if let value = units[word] {
                let isTeen = value >= 10
                let allowed = isTeen ? [Last.none, .hundred, .scale].contains(last) : [Last.none, .tens, .hundred, .scale].contains(last)
                guard allowed else { break }
                current += value
                last = isTeen ? .teen : .unit
            } else if let value = tens[word] {
                guard [Last.none, .hundred, .scale].contains(last) else { break }
                current += value
                last = .tens
            } else if let value = scales[word] {
                if value == 100 {
                    guard [Last.unit, .teen, .tens].contains(last), current < 100 else { break }
                    current *= 100
                    last = .hundred
                } else {
                    guard current > 0, last != .scale else { break }
                    total += current * value
                    current = 0
                    last = .scale
                }
            } else {
                break
            }
            index += 1
            end = index
        }
        guard end > start else { return nil }
        let value = total + current
        return (String(value) + (ordinal ? suffix(value) : ""), end - start)
    }

    static func suffix(_ value: Int) -> String {
        if (11...13).contains(value % 100) { return "th" }
        switch value % 10 {
        case 1: return "st"
        case 2: return "nd"
        case 3: return "rd"
        default: return "th"
        }
    }
}
