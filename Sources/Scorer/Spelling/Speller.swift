import CHunspell
import Foundation
import Synchronization

/// Spelling through Hunspell with Debian's British and American dictionaries (`hunspell-en-gb`,
/// `hunspell-en-us`): a word is spelled when either accepts it, so "colour" and "color" both
/// pass. A Hunspell handle is not thread-safe, so calls are serialised; the 40,000 commonest words
/// (the frequency list) and words already checked are answered without it.
public final class Speller: Sendable {
    /// Where Debian puts the dictionaries (`HUNSPELL_DICTIONARIES` overrides it).
    public static let directory = ProcessInfo.processInfo.environment["HUNSPELL_DICTIONARIES"] ?? "/usr/share/hunspell"

    /// The speller for the bundled dictionaries, or nil when they are not installed.
    public static let shared: Speller? = Speller(languages: ["en_GB", "en_US"], directory: directory)

    struct Handles: @unchecked Sendable {
        let pointers: [OpaquePointer]
    }
    let handles: Mutex<Handles>
    private let checked = Mutex<[String: Bool]>([:])
    /// Corrections already found, by the word as written.
    let corrections = Mutex<[String: String?]>([:])

    /// Nil when a dictionary is missing.
    public init?(languages: [String], directory: String) {
        var pointers: [OpaquePointer] = []
        for language in languages {
            let aff = "\(directory)/\(language).aff", dic = "\(directory)/\(language).dic"
            guard FileManager.default.fileExists(atPath: aff), FileManager.default.fileExists(atPath: dic),
                  let handle = Hunspell_create(aff, dic) else {
                pointers.forEach { Hunspell_destroy($0) }
                return nil
            }
            pointers.append(handle)
        }
        handles = Mutex(Handles(pointers: pointers))
    }

    deinit {
        handles.withLock { $0.pointers.forEach { Hunspell_destroy($0) } }
    }

    /// Whether `word` is spelled as English spells it; numbers, and hyphenated compounds whose
    /// parts are words, count as spelled. Pass the word as written: Hunspell knows "London" and
    /// would call "london" misspelt.
    public func isSpelled(_ word: String) -> Bool {
        if word.isEmpty || word.first?.isNumber == true { return true }
        let lower = word.lowercased()
        if WordFrequency.of(lower) > 0 { return true }
        if lower.hasSuffix("'s"), WordFrequency.of(String(lower.dropLast(2))) > 0 { return true }
        if word.contains("-") { return word.split(separator: "-").allSatisfy { isSpelled(String($0)) } }
        if let known = checked.withLock({ $0[word] }) { return known }
        let spelled = hunspellAccepts(word)
        checked.withLock { cache in
            if cache.count > 50_000 { cache.removeAll(keepingCapacity: true) }
            cache[word] = spelled
        }
        return spelled
    }

    /// Forgets the words already checked and corrected, so that a measurement sees every essay as
    /// new (`ScorerBenchmarks`).
    public func forgetCheckedWords() {
        checked.withLock { $0.removeAll() }
        corrections.withLock { $0.removeAll() }
    }
}
