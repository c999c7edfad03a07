import Foundation

/// The Academic Word List (Coxhead, 2000): 570 word families common in academic texts across
/// subjects and rare elsewhere, bundled with its provenance (Resources/academic-words.LICENSE.txt).
public enum AcademicWords {
    /// Each family's stem (its first six letters) and its sublist (1 is the most frequent).
    static let families: [String: Int] = {
        guard let url = Bundle.module.url(forResource: "academic-words", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var families: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2, let sublist = Int(parts[0]) else { continue }
            families[stem(String(parts[1])), default: sublist] = min(families[stem(String(parts[1]))] ?? sublist, sublist)
        }
        return families
    }()

    static func stem(_ word: String) -> String { String(word.prefix(6)) }

    /// The sublist of the family `word` (lower case) belongs to, or nil when it is not academic.
    /// Words under five letters never count ("data" aside, short words match too much).
    public static func sublist(of word: String) -> Int? {
        guard word.count >= 5 || word == "data" else { return nil }
        return families[stem(word)]
    }
}
