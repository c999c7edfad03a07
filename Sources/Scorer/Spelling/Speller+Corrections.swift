import CHunspell

extension Speller {
    /// The best correction for a misspelt `word`: the nearest, then commonest, listed word that
    /// Hunspell accepts, at most two edits away (letters dropped, added, changed, or neighbours
    /// swapped; one edit for words under five letters), or two common words run together ("alot"
    /// → "a lot"); nil when there is none. Hunspell's own suggestion search takes ~30 ms a word,
    /// this one microseconds (`ScorerBenchmarks --corrections` compares the two). The capital of
    /// a capitalised word is kept.
    public func suggestion(for word: String) -> String? {
        if let known = corrections.withLock({ $0[word] }) { return known }
        let found = nearbyWord(for: word)
        corrections.withLock { cache in
            if cache.count > 20_000 { cache.removeAll(keepingCapacity: true) }
            cache[word] = found
        }
        return found
    }

    /// The correction itself, uncached; nil when there is none or the word is not plain ASCII letters.
    public func nearbyWord(for word: String) -> String? {
        let letters = Array(word.lowercased().utf8)
        guard letters.count >= 2, letters.count <= 30, letters.allSatisfy(NearWords.isLetter) else { return nil }
        func capitalised(_ lower: String) -> String { lower.prefix(1).uppercased() + lower.dropFirst() }
        let capital = word.first?.isUppercase == true
        func cased(_ lower: String) -> String { capital ? capitalised(lower) : lower }

        // Two common words run together ("leftout" → "left out") come after every word one edit
        // away and before those two away; "a lot", "a bit" and "I think" before those one away too.
        var split: (text: String, zipf: Double, short: Bool)?
        for cut in 1..<letters.count {
            let head = String(decoding: letters[..<cut], as: UTF8.self), tail = String(decoding: letters[cut...], as: UTF8.self)
            guard Self.standsAlone(head), Self.standsAlone(tail), let a = WordFrequency.zipf[head], let b = WordFrequency.zipf[tail],
                  min(a, b) >= 4, min(a, b) > split?.zipf ?? 0 else { continue }
            split = (cased(head == "i" ? "I" : head) + " " + tail, min(a, b), head.count == 1)
        }
        // Nearest first, then commonest; the first that a dictionary accepts wins, capitalised
        // when only the capital is a word ("australia" → "Australia": the list is lowercase).
        // Two edits only for words of five letters or more: short words have too many neighbours.
        for candidate in NearWords.shared.candidates(for: letters, maxDistance: letters.count >= 5 ? 2 : 1) {
            if let split, candidate.distance > 1 || split.short { return split.text }
            if hunspellAccepts(cased(candidate.word)) { return cased(candidate.word) }
            if hunspellAccepts(capitalised(candidate.word)) { return capitalised(candidate.word) }
        }
        return split?.text
    }

    /// Whether `part` can be one of two words run together: three letters or more, or one of the
    /// short words ("a", "in", "to"…); not "ed" or "rs", which the frequency list also holds.
    static func standsAlone(_ part: String) -> Bool {
        part.count >= 3 || shortWords.contains(part)
    }

    static let shortWords: Set<String> = [
        "a", "i", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no", "of", "on", "or", "so", "to", "up", "us", "we",
    ]

    /// Whether either dictionary accepts `word` exactly as written (no frequency-list shortcut).
    func hunspellAccepts(_ word: String) -> Bool {
        handles.withLock { handles in handles.pointers.contains { Hunspell_spell($0, word) != 0 } }
    }

    /// Hunspell's first suggestion, preferring the British dictionary's: slow (~30 ms a word), kept
    /// to measure our corrections against.
    public func hunspellSuggestion(for word: String) -> String? {
        handles.withLock { handles in
            for handle in handles.pointers {
                var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
                let count = Hunspell_suggest(handle, &list, word)
                defer { Hunspell_free_list(handle, &list, count) }
                if count > 0, let first = list?[0] { return String(cString: first) }
            }
            return nil
        }
    }
}
