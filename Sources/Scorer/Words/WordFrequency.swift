import CompressNIO
import Foundation
import NIOCore

/// How common English words are: the Zipf frequency (log10 of uses per billion words: "the" 7.7,
/// "pollution" 4.3, "mitigate" 3.5) of the 40,000 commonest words, bundled from wordfreq with
/// its licence (Resources/word-frequency.LICENSE.txt). A word not on the list is rarer than 3.
public enum WordFrequency {
    public static let zipf: [String: Double] = {
        guard let url = Bundle.module.url(forResource: "word-frequency.tsv", withExtension: "gz"), let data = try? Data(contentsOf: url) else { return [:] }
        var buffer = ByteBuffer(bytes: data)
        guard let text = try? buffer.decompress(with: .gzip()) else { return [:] }
        var table: [String: Double] = [:]
        table.reserveCapacity(40_000)
        for line in String(buffer: text).split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t"), let value = Double(line[line.index(after: tab)...]) else { continue }
            table[String(line[..<tab])] = value
        }
        return table
    }()

    /// The word's Zipf frequency; 0 when it is not among the 40,000 commonest.
    public static func of(_ word: String) -> Double { zipf[word.lowercased()] ?? 0 }

    /// Words a learner at IELTS band 6-7 is working towards: known to the list but not among the
    /// commonest few thousand (Zipf under 4.2, about the 6,000th word).
    public static func isLessFrequent(_ word: String) -> Bool {
        let value = of(word)
        return value > 0 && value < 4.2
    }
}
