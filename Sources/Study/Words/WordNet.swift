import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Definitions and examples from Princeton WordNet 3.0 as Debian installs it (package
/// `wordnet-base`, in /usr/share/wordnet; licence in its copyright file). The index files (6 MB)
/// are read into memory once and searched; a sense's gloss is read from the data file at its
/// offset when asked for. Inflected words are found by WordNet's own rules ("commuting" →
/// "commute", "mice" → "mouse").
public final class WordNet: Sendable {
    /// One meaning of a word.
    public struct Sense: Sendable, Equatable {
        public let lemma: String
        /// noun, verb, adjective, adverb.
        public let partOfSpeech: String
        public let definition: String
        public let examples: [String]
    }

    struct Part: Sendable {
        let name: String
        let index: [UInt8]
        /// Where each entry of the index starts (after the licence header), in alphabetical order.
        let lines: [Int]
        let data: Int32
        let exceptions: [String: String]
    }

    let parts: [Part]

    /// Opens WordNet in `directory`; nil when it is not installed there.
    public init?(directory: String = "/usr/share/wordnet") {
        var parts: [Part] = []
        for (file, name, exceptions) in [("noun", "noun", "noun"), ("verb", "verb", "verb"), ("adj", "adjective", "adj"), ("adv", "adverb", "adv")] {
            guard let index = FileManager.default.contents(atPath: "\(directory)/index.\(file)").map(Array.init) else { return nil }
            let data = open("\(directory)/data.\(file)", O_RDONLY)
            guard data >= 0 else { return nil }
            var lines: [Int] = [], start = 0
            while start < index.count {
                let end = index[start...].firstIndex(of: 0x0A) ?? index.count
                if index[start] != 0x20 { lines.append(start) }  // header lines start with spaces
                start = end + 1
            }
            var table: [String: String] = [:]
            if let text = FileManager.default.contents(atPath: "\(directory)/\(exceptions).exc").map({ String(decoding: $0, as: UTF8.self) }) {
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    if words.count >= 2 { table[String(words[0])] = String(words[1]) }
                }
            }
            parts.append(Part(name: name, index: index, lines: lines, data: data, exceptions: table))
        }
        self.parts = parts
    }

    deinit { for part in parts { close(part.data) } }

    /// The word's commonest meanings: for each part of speech it has, its first sense (WordNet
    /// lists senses by frequency), the parts of speech most used first; at most `limit`.
    public func senses(of word: String, limit: Int = 2) -> [Sense] {
        let word = word.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "_")
        guard !word.isEmpty, word.utf8.count < 80 else { return [] }
        var found: [(tagged: Int, sense: Sense)] = []
        for part in parts {
            for lemma in Self.baseForms(word, part) {
                guard let entry = entry(lemma, in: part), let offset = entry.offsets.first, let sense = sense(at: offset, in: part, lemma: lemma) else { continue }
                found.append((entry.tagged, sense))
                break
            }
        }
        return Array(found.sorted { $0.tagged > $1.tagged }.map(\.sense).prefix(limit))
    }

    // MARK: Reading the files

    /// The index entry for `lemma`: how often its senses were tagged in a corpus, and its synsets.
    func entry(_ lemma: String, in part: Part) -> (tagged: Int, offsets: [Int])? {
        let key = Array(lemma.utf8)
        var low = 0, high = part.lines.count - 1
        while low <= high {
            let middle = (low + high) / 2, start = part.lines[middle]
            let end = part.index[start...].firstIndex(of: 0x20) ?? start
            let candidate = part.index[start..<end]
            if candidate.elementsEqual(key) {
                let lineEnd = part.index[start...].firstIndex(of: 0x0A) ?? part.index.count
                let fields = part.index[start..<lineEnd].split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
                // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
                guard fields.count > 4, let pointers = Int(fields[3]), fields.count > 6 + pointers,
                      let tagged = Int(fields[5 + pointers]) else { return nil }
                return (tagged, fields[(6 + pointers)...].compactMap { Int($0) })
            }
            if candidate.lexicographicallyPrecedes(key) { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    /// The synset at `offset` in the part's data file: its gloss split into a definition and examples.
    func sense(at offset: Int, in part: Part, lemma: String) -> Sense? {
        var bytes: [UInt8] = [], position = offset
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65_536 {
            let count = pread(part.data, &chunk, chunk.count, off_t(position))
            guard count > 0 else { break }
            if let newline = chunk[..<count].firstIndex(of: 0x0A) {
                bytes += chunk[..<newline]
                break
            }
            bytes += chunk[..<count]
            position += count
        }
        let line = String(decoding: bytes, as: UTF8.self)
        guard let bar = line.range(of: " | ") else { return nil }
        let gloss = line[bar.upperBound...].trimmingCharacters(in: .whitespaces)
        var definition = "", examples: [String] = []
        for piece in gloss.components(separatedBy: "; ") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("\"") {
                examples.append(trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
            } else if examples.isEmpty {
                definition += (definition.isEmpty ? "" : "; ") + trimmed
            }
        }
        guard !definition.isEmpty else { return nil }
        return Sense(lemma: lemma.replacingOccurrences(of: "_", with: " "), partOfSpeech: part.name, definition: definition, examples: examples)
    }

    /// The forms `word` may be an inflection of, the word itself first (WordNet's "morphy":
    /// the exception lists, then its detachment rules).
    static func baseForms(_ word: String, _ part: Part) -> [String] {
        var forms = [word]
        if let base = part.exceptions[word] { forms.append(base) }
        let rules: [(String, String)] = switch part.name {
        case "noun": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")]
        case "verb": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")]
        case "adjective": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")]
        default: []
        }
        for (suffix, ending) in rules where word.hasSuffix(suffix) && word.count > suffix.count + 1 {
            forms.append(String(word.dropLast(suffix.count)) + ending)
        }
        return forms
    }
}
