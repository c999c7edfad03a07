import Foundation

/// Mistakes the offline analyser can find with confidence: misspelt words and common grammar
/// slips of IELTS candidates, each with the sentence, the problem and a corrected version.
public enum LanguageChecks {
    /// A pattern (lower case, whole words), what is wrong, and what to write instead.
    struct Rule {
        let pattern: Regex<AnyRegexOutput>
        let problem: String
        let fix: (String) -> String
    }

    /// `$1`, `$2` in `template` are the pattern's groups; only the first match is fixed.
    static func rule(_ pattern: String, _ problem: String, _ template: String) -> Rule {
        rule(pattern, problem) { groups in
            var text = template
            for index in stride(from: groups.count - 1, through: 1, by: -1) { text = text.replacingOccurrences(of: "$\(index)", with: groups[index]) }
            return text
        }
    }

    /// A rule whose fix is worked out from the groups (group 0 is the whole match).
    static func rule(_ pattern: String, _ problem: String, fix: @escaping ([String]) -> String) -> Rule {
        let regex = try! Regex(pattern).ignoresCase()
        return Rule(pattern: regex, problem: problem) { sentence in
            sentence.replacing(regex, maxReplacements: 1) { match in
                let groups = (0..<match.output.count).map { match.output[$0].substring.map(String.init) ?? "" }
                let fixed = fix(groups)
                // Keep a capital at the start of the match.
                guard let first = groups[0].first, first.isUppercase else { return fixed }
                return fixed.prefix(1).uppercased() + fixed.dropFirst()
            }
        }
    }

    static let baseForms = ["went": "go", "came": "come", "saw": "see", "took": "take", "made": "make", "gave": "give", "got": "get",
                            "wrote": "write", "spoke": "speak", "ate": "eat"]
    static let pluralVerbs = ["is": "are", "was": "were", "has": "have"]
    static let singularVerbs = ["are": "is", "were": "was", "have": "has"]

    /// Slips BandUp looks for, with their fixes (built per analysis: `Regex` is not `Sendable`).
    static var rules: [Rule] { [
        rule(#"\b(could|should|would|must) of\b"#, "'of' is not a verb: after could, should, would and must comes 'have'.", "$1 have"),
        rule(#"\bin the other hand\b"#, "The phrase is 'on the other hand'.", "on the other hand"),
        rule(#"\bdespite of\b"#, "'Despite' takes no 'of' ('in spite of' does).", "despite"),
        rule(#"\b(discuss|emphasise|emphasize|mention) about\b"#, "This verb takes its object directly, without 'about'.", "$1"),
        rule(#"\bmore (better|worse|bigger|smaller|easier|harder|cheaper|higher|lower)\b"#, "A comparative already means 'more'.", "$1"),
        rule(#"\bmost (best|worst|biggest|smallest|easiest|highest|lowest)\b"#, "A superlative already means 'most'.", "$1"),
        rule(#"\b(informations|advices|furnitures|equipments|knowledges|researches show|evidences)\b"#, "This noun is uncountable: it has no plural.", "$1"),
        rule(#"\bpeople (is|was|has)\b"#, "'People' is plural: it takes a plural verb.") { "people " + (pluralVerbs[$0[1].lowercased()] ?? $0[1]) },
        rule(#"\b(this) (are|were)\b"#, "'This' is singular: it takes a singular verb ('these' is the plural).") {
            $0[1] + " " + (singularVerbs[$0[2].lowercased()] ?? $0[2])
        },
        rule(#"\b(these|those) (is|was|has)\b"#, "'These' and 'those' are plural: they take a plural verb.") {
            $0[1] + " " + (pluralVerbs[$0[2].lowercased()] ?? $0[2])
        },
        rule(#"\bthere is (many|several|a lot of|lots of|two|three|some) (\w+s)\b"#, "With a plural noun, use 'there are'.", "there are $1 $2"),
        rule(#"\b(did|didn't|does|doesn't|do|don't) (went|came|saw|took|made|gave|got|wrote|spoke|ate)\b"#,
             "After do, does and did the verb is in its base form.") { $0[1] + " " + (baseForms[$0[2].lowercased()] ?? $0[2]) },
        rule(#"\b(\w+) \1\b"#, "A word is repeated.", "$1"),
        rule(#"\ba ([aeio]\w+)\b"#, "Before a vowel sound, use 'an'.", "an $1"),
        rule(#"\ban ([bcdfgjklmnpqrstvwxyz]\w+)\b"#, "Before a consonant sound, use 'a'.", "a $1"),
        rule(#"(^|[.!?] )i\b"#, "'I' is always a capital letter.", "$1I"),
    ] }

    /// Words where 'a'/'an' follows the sound, not the letter: exceptions to the two rules above.
    static let anExceptions: Set<String> = ["hour", "hours", "honest", "honour", "honor", "heir", "honestly"]
    static let aExceptions: Set<String> = ["one", "once", "university", "universities", "unique", "union", "united", "use", "used", "user",
                                           "useful", "usual", "usually", "european", "euro", "eu", "uniform", "unit", "utility"]

    /// The annotations for `text`: at most `limit`, in the order of the text, one per sentence and problem.
    /// `known` words are never called misspelt (the prompt's own words, names: ``knownWords(_:)``).
    public static func annotations(_ text: String, limit: Int = 12, known: Set<String> = []) -> [FeedbackResult.Annotation] {
        var found: [FeedbackResult.Annotation] = []
        let rules = Self.rules
        for sentence in TextMeasures.sentences(in: text) {
            for rule in rules {
                guard let match = sentence.firstMatch(of: rule.pattern) else { continue }
                let matched = String(sentence[match.range]).lowercased()
                let next = matched.split(separator: " ").last.map(String.init) ?? ""
                // "a university", "an hour", "the the" across a line break is still a repeat.
                if matched.hasPrefix("a "), aExceptions.contains(where: { next.hasPrefix($0) }) { continue }
                if matched.hasPrefix("an "), anExceptions.contains(next) { continue }
                if matched.hasPrefix("an "), aExceptions.contains(where: { next.hasPrefix($0) }) { continue }
                if matched.hasPrefix("a "), anExceptions.contains(next) { continue }
                if rule.problem == "A word is repeated.", ["that", "had"].contains(next) { continue }  // "that that", "had had" can be right
                let fixed = rule.problem.hasPrefix("This noun is uncountable") ? uncountable(sentence) : rule.fix(sentence)
                guard fixed != sentence else { continue }
                found.append(.init(sentence: sentence, problem: rule.problem, suggestion: fixed))
            }
            let misspelt = misspellings(TextMeasures.words(in: sentence), known: known)
            if let word = misspelt.first, let better = WordLists.suggestion(for: word) {
                let rest = misspelt.count > 1 ? " (and \(misspelt.count - 1) more in this sentence)" : ""
                found.append(.init(sentence: sentence, problem: "'\(word)' is misspelt\(rest).",
                                   suggestion: sentence.replacingOccurrences(of: word, with: better, options: [.caseInsensitive])))
            }
            if found.count >= limit { break }
        }
        return Array(found.prefix(limit))
    }

    /// The words that are not in the dictionary (nor among the `known` ones).
    public static func misspellings(_ words: [String], known: Set<String> = []) -> [String] {
        words.filter { !known.contains($0) && !WordLists.isSpelled($0) }
    }

    /// Words the analyser should not call misspelt in an answer to `request`: the prompt's own
    /// words (place names such as Northbridge), and names in the answer (capitalised words that
    /// do not start a sentence), all lower-cased.
    public static func knownWords(_ request: FeedbackRequest) -> Set<String> {
        var known = Set(TextMeasures.words(in: request.promptTitle + " " + request.prompt + " " + request.keywords.joined(separator: " ")))
        for sentence in TextMeasures.sentences(in: request.text) {
            let tokens = sentence.split(whereSeparator: { $0.isWhitespace })
            for token in tokens.dropFirst() where token.first?.isUppercase == true {
                known.formUnion(TextMeasures.words(in: String(token)))
            }
        }
        return known
    }

    static func uncountable(_ sentence: String) -> String {
        var fixed = sentence
        for (plural, singular) in [("informations", "information"), ("advices", "advice"), ("furnitures", "furniture"),
                                   ("equipments", "equipment"), ("knowledges", "knowledge"), ("researches show", "research shows"),
                                   ("evidences", "evidence")] {
            fixed = fixed.replacingOccurrences(of: plural, with: singular, options: [.caseInsensitive])
        }
        return fixed
    }
}
