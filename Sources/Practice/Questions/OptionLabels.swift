import Foundation

/// How options are labelled: A, B, C… or i, ii, iii…
public enum OptionLabels {
    /// A…Z, then AA, AB…
    public static func letter(_ index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return index < letters.count ? String(letters[index]) : letter(index / letters.count - 1) + String(letters[index % letters.count])
    }

    /// Lower-case roman numerals: 0 → i, 3 → iv, 8 → ix.
    public static func numeral(_ index: Int) -> String {
        var value = index + 1
        var result = ""
        for (amount, symbol) in [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                                 (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
            while value >= amount {
                result += symbol
                value -= amount
            }
        }
        return result
    }

    /// `A-H` → the letters A to H; nil when the text is not such a range.
    public static func letterRange(_ text: String) -> [String]? {
        let ends = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        guard ends.count == 2, let first = ends[0].unicodeScalars.first, let last = ends[1].unicodeScalars.first,
              ends[0].count == 1, ends[1].count == 1, ("A"..."Z").contains(first), ("A"..."Z").contains(last), first.value < last.value
        else { return nil }
        return (first.value...last.value).compactMap { Unicode.Scalar($0).map { String(Character($0)) } }
    }
}

/// One option in a list: its label (A, iv) and its text ("The cost of the first library").
public struct Option: Sendable, Equatable, Codable {
    public let label: String
    public let text: String

    public init(label: String, text: String) {
        self.label = label
        self.text = text
    }

    /// The options of `texts`, labelled for `type`.
    public static func labelled(_ texts: [String], for type: QuestionType) -> [Option] {
        texts.enumerated().map { index, text in
            Option(label: type.labelsOptionsWithNumerals ? OptionLabels.numeral(index) : OptionLabels.letter(index), text: text)
        }
    }
}
