/// The words of the frequency list within two edits of a misspelling, found without trying
/// every edit: each listed word is indexed under itself with up to two letters deleted, and a
/// misspelling's own deletions are looked up in that index (a "symmetric delete" search). One
/// sorted array of 64-bit keys (a 48-bit hash of the shortened word and a 16-bit word number),
/// about 14 MB for 40,000 words, built on first use in a fraction of a second.
struct NearWords: Sendable {
    /// A listed word close to the misspelling.
    struct Candidate: Equatable {
        let word: String
        /// Edits between them (letters dropped, added, changed, or neighbours swapped).
        let distance: Int
        let zipf: Double
        /// Whether it begins with another letter (learners seldom get the first letter wrong).
        let movesFirstLetter: Bool

        /// Nearest first, then those with the same first letter, then commonest.
        static func isBetter(_ a: Candidate, than b: Candidate) -> Bool {
            (a.distance, a.movesFirstLetter ? 1 : 0, -a.zipf, a.word) < (b.distance, b.movesFirstLetter ? 1 : 0, -b.zipf, b.word)
        }
    }

    private let words: [[UInt8]]
    private let zipf: [Double]
    private let keys: [UInt64]

    static let shared = NearWords(WordFrequency.zipf)

    /// Indexes the lowercase ASCII words of `table` (the 65,536 commonest at most).
    init(_ table: [String: Double]) {
        let listed = table.filter { $0.key.utf8.count >= 2 && $0.key.utf8.count <= 24 && $0.key.utf8.allSatisfy(Self.isLetter) }
            .sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(1 << 16)
        words = listed.map { Array($0.key.utf8) }
        zipf = listed.map(\.value)
        var keys: [UInt64] = []
        keys.reserveCapacity(words.count * 48)
        for (number, word) in words.enumerated() {
            Self.forEachDeletion(of: word, upTo: 2) { keys.append($0 & ~0xFFFF | UInt64(number)) }
        }
        keys.sort()
        self.keys = keys
    }

    /// The listed words at most `maxDistance` edits from `misspelt` (lowercase ASCII letters),
    /// best first (``Candidate/isBetter(_:than:)``).
    func candidates(for misspelt: [UInt8], maxDistance: Int) -> [Candidate] {
        guard misspelt.allSatisfy(Self.isLetter) else { return [] }
        var numbers = Set<Int>()
        Self.forEachDeletion(of: misspelt, upTo: maxDistance) { hash in
            let prefix = hash & ~0xFFFF
            var low = 0, high = keys.count
            while low < high {
                let middle = (low + high) / 2
                if keys[middle] < prefix { low = middle + 1 } else { high = middle }
            }
            while low < keys.count, keys[low] & ~0xFFFF == prefix {
                numbers.insert(Int(keys[low] & 0xFFFF))
                low += 1
            }
        }
        return numbers.compactMap { number -> Candidate? in
            let distance = Self.distance(misspelt, words[number], limit: maxDistance)
            guard distance > 0, distance <= maxDistance else { return nil }
            return Candidate(word: String(decoding: words[number], as: UTF8.self), distance: distance, zipf: zipf[number],
                             movesFirstLetter: words[number].first != misspelt.first)
        }.sorted(by: Candidate.isBetter)
    }

    static func isLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }

    /// Calls `body` with the hash of `word` and of every word made by deleting up to `upTo`
    /// of its letters (64-bit FNV-1a, of which the index keeps the top 48 bits; computed by
    /// skipping positions, with no strings made).
    static func forEachDeletion(of word: [UInt8], upTo deletions: Int, _ body: (UInt64) -> Void) {
        func hash(skipping a: Int, _ b: Int) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for (i, byte) in word.enumerated() where i != a && i != b {
                h = (h ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            return h
        }
        body(hash(skipping: -1, -1))
        guard deletions >= 1 else { return }
        for a in word.indices {
            body(hash(skipping: a, -1))
            guard deletions >= 2, word.count > 2 else { continue }
            for b in word.indices where b > a { body(hash(skipping: a, b)) }
        }
    }

    /// The optimal-string-alignment distance (Levenshtein plus swapped neighbours), or
    /// `limit + 1` as soon as it must exceed `limit`.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        // Three rows of the table: two back (for swaps), the last, and the one being filled.
        var twoBack = [Int](repeating: 0, count: b.count + 1), last = Array(0...b.count), row = last
        for i in 1...a.count {
            row[0] = i
            var best = i
            for j in 1...b.count {
                var cost = min(last[j] + 1, row[j - 1] + 1, last[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cost = min(cost, twoBack[j - 2] + 1) }
                row[j] = cost
                best = min(best, cost)
            }
            if best > limit { return limit + 1 }
            (twoBack, last, row) = (last, row, twoBack)
        }
        return last[b.count]
    }
}
