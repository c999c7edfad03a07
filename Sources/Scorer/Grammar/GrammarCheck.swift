/// The grammar slips of IELTS candidates that can be found with confidence from the words alone
/// (agreement, verb forms after do and modals, a/an, uncountable plurals, fixed phrases, repeated
/// words). Each rule looks at one position of a sentence; nothing here uses regular expressions,
/// so a whole essay is checked in well under a millisecond.
public enum GrammarCheck {
    /// A view of one sentence's words for the rules: `word(i)` is nil outside the sentence.
    struct Window {
        let text: TextMeasures
        let sentence: Int
        let range: Range<Int>

        func word(_ index: Int) -> String? { range.contains(index) ? text.tokens[index].word : nil }
        func slip(_ kind: GrammarSlip.Kind, _ tokens: Range<Int>, _ replacement: String, _ problem: String) -> GrammarSlip {
            GrammarSlip(kind: kind, sentence: sentence, tokens: tokens, replacement: replacement, problem: problem)
        }
    }

    typealias Rule = @Sendable (Window, Int) -> GrammarSlip?

    /// Every slip in `text`, in the order of the text, never two over the same words.
    public static func slips(in text: TextMeasures) -> [GrammarSlip] {
        var found: [GrammarSlip] = []
        for (index, sentence) in text.sentenceSpans.enumerated() {
            let window = Window(text: text, sentence: index, range: sentence.tokens)
            var inSentence: [GrammarSlip] = []
            for rule in rules {
                for position in sentence.tokens {
                    guard let slip = rule(window, position) else { continue }
                    if !inSentence.contains(where: { $0.tokens.overlaps(slip.tokens) }) { inSentence.append(slip) }
                }
            }
            found += inSentence.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
        }
        return found
    }

    static let vowelSoundExceptions: [String] = ["uni", "use", "usu", "eu", "one", "once", "ufo", "ubiq", "uter", "utens", "util", "ura"]
    static let silentH: Set<String> = ["hour", "hours", "honest", "honestly", "honour", "honor", "heir", "hourly", "honourable"]
    static let comparatives: Set<String> = ["better", "worse", "bigger", "smaller", "easier", "harder", "cheaper", "higher", "lower", "faster", "larger"]
    static let superlatives: Set<String> = ["best", "worst", "biggest", "smallest", "easiest", "highest", "lowest", "largest", "fastest"]
    static let uncountable = ["informations": "information", "advices": "advice", "furnitures": "furniture", "equipments": "equipment",
                              "knowledges": "knowledge", "evidences": "evidence", "luggages": "luggage", "homeworks": "homework"]
    static let indefiniteSubjects: Set<String> = ["everyone", "everybody", "someone", "somebody", "nobody", "anyone", "anybody", "everything"]
    /// Words after which "he/she/it + verb" starts a clause.
    static let clauseOpeners: Set<String> = ["and", "but", "because", "that", "so", "if", "when", "while", "although", "since", "which",
                                             "however", "therefore", "thus", "whereas", "though", "unless", "where", "as"]
    /// Verbs whose "be + base form" is a passive missing its -ed: "is use" → "is used".
    /// (Verbs that are also common nouns after "is", such as change, support and damage, are left out.)
    static let regularPassives: Set<String> = ["use", "pollute", "produce", "create", "provide", "allow", "require", "include", "consume",
                                               "affect", "encourage", "reduce", "improve", "protect", "follow", "prevent", "invest"]
    static func participle(_ verb: String) -> String { verb.hasSuffix("e") ? verb + "d" : verb + "ed" }

    static let rules: [Rule] = [
        { w, i in  // could of
            guard let first = w.word(i), ["could", "should", "would", "must"].contains(first), w.word(i + 1) == "of" else { return nil }
            return w.slip(.verbForm, i..<(i + 2), "\(first) have", "'of' is not a verb: after could, should, would and must comes 'have'.")
        },
        { w, i in
            guard w.word(i) == "in", w.word(i + 1) == "the", w.word(i + 2) == "other", w.word(i + 3) == "hand" else { return nil }
            return w.slip(.wordChoice, i..<(i + 4), "on the other hand", "The phrase is 'on the other hand'.")
        },
        { w, i in
            guard w.word(i) == "despite", w.word(i + 1) == "of" else { return nil }
            return w.slip(.wordChoice, i..<(i + 2), "despite", "'Despite' takes no 'of' ('in spite of' does).")
        },
        { w, i in
            guard let verb = w.word(i), ["discuss", "discussed", "discusses", "emphasise", "emphasize", "mention", "mentioned"].contains(verb),
                  w.word(i + 1) == "about" else { return nil }
            return w.slip(.wordChoice, i..<(i + 2), verb, "This verb takes its object directly, without 'about'.")
        },
        { w, i in
            guard w.word(i) == "more", let next = w.word(i + 1), comparatives.contains(next) else { return nil }
            return w.slip(.wordForm, i..<(i + 2), next, "A comparative already means 'more'.")
        },
        { w, i in
            guard w.word(i) == "most", let next = w.word(i + 1), superlatives.contains(next), w.word(i - 1) != "at" else { return nil }
            return w.slip(.wordForm, i..<(i + 2), next, "A superlative already means 'most'.")
        },
        { w, i in
            guard let word = w.word(i), let singular = uncountable[word] else { return nil }
            return w.slip(.wordForm, i..<(i + 1), singular, "'\(singular.capitalized)' is uncountable: it has no plural.")
        },
        { w, i in  // people is, people thinks
            guard w.word(i) == "people" || w.word(i) == "children", let verb = w.word(i + 1) else { return nil }
            let plural = ["is": "are", "was": "were", "has": "have"][verb] ?? WordClasses.baseOfThirdPerson[verb]
            guard let plural, verb != "does" else { return nil }
            return w.slip(.agreement, (i + 1)..<(i + 2), plural, "'\(w.word(i)!.capitalized)' is plural: it takes a plural verb.")
        },
        { w, i in
            guard w.word(i) == "this", let verb = w.word(i + 1), let singular = ["are": "is", "were": "was"][verb] else { return nil }
            return w.slip(.agreement, i..<(i + 2), "this \(singular)", "'This' is singular: it takes a singular verb ('these' is the plural).")
        },
        { w, i in
            guard let pronoun = w.word(i), pronoun == "these" || pronoun == "those",
                  let verb = w.word(i + 1), let plural = ["is": "are", "was": "were", "has": "have"][verb] else { return nil }
            return w.slip(.agreement, i..<(i + 2), "\(pronoun) \(plural)", "'These' and 'those' are plural: they take a plural verb.")
        },
        { w, i in  // there is many people
            guard w.word(i) == "there", w.word(i + 1) == "is", let next = w.word(i + 2),
                  ["many", "several", "two", "three", "various", "numerous", "few"].contains(next) else { return nil }
            return w.slip(.agreement, i..<(i + 2), "there are", "With a plural noun, use 'there are'.")
        },
        { w, i in  // did went, doesn't makes
            guard let auxiliary = w.word(i), ["did", "didn't", "does", "doesn't", "do", "don't"].contains(auxiliary), let verb = w.word(i + 1),
                  let base = WordClasses.irregularPast[verb] ?? (auxiliary.hasPrefix("do") && auxiliary != "do" && auxiliary != "don't" ? WordClasses.baseOfThirdPerson[verb] : nil),
                  verb != "does" else { return nil }
            return w.slip(.verbForm, i..<(i + 2), "\(auxiliary) \(base)", "After do, does and did the verb is in its base form.")
        },
        { w, i in  // must to go, can makes
            guard let modal = w.word(i), WordClasses.modals.contains(modal), let next = w.word(i + 1) else { return nil }
            if next == "to", let verb = w.word(i + 2), WordClasses.thirdPerson[verb] != nil {
                return w.slip(.verbForm, i..<(i + 3), "\(modal) \(verb)", "After a modal verb (\(modal)) comes the verb without 'to'.")
            }
            if let base = WordClasses.baseOfThirdPerson[next] {
                return w.slip(.verbForm, i..<(i + 2), "\(modal) \(base)", "After a modal verb (\(modal)) the verb is in its base form.")
            }
            return nil
        },
        { w, i in  // a student who pay, a course that suit them
            guard let relative = w.word(i), ["who", "that", "which"].contains(relative), let verb = w.word(i + 1),
                  verb != "be", let third = WordClasses.thirdPerson[verb] else { return nil }
            guard let noun = w.word(i - 1), !noun.hasSuffix("s") || noun.hasSuffix("ss"), !WordClasses.function.contains(noun) || noun == "one" else { return nil }
            let before = (max(w.range.lowerBound, i - 4)..<(i - 1)).compactMap { w.word($0) }
            guard let determiner = before.lastIndex(where: { ["a", "an", "each", "every", "this", "one", "the"].contains($0) }),
                  before[determiner] != "the" || noun.hasSuffix("one") else { return nil }
            guard !before[(determiner + 1)...].contains(where: { $0.hasSuffix("s") && !$0.hasSuffix("ss") }) else { return nil }
            return w.slip(.agreement, (i + 1)..<(i + 2), third, "The verb agrees with '\(noun)', which is singular: '\(relative) \(third)'.")
        },
        { w, i in  // he go, it make, everyone need
            guard let subject = w.word(i), let verb = w.word(i + 1), let third = WordClasses.thirdPerson[verb], verb != "be" else { return nil }
            if indefiniteSubjects.contains(subject) {
                guard let previous = w.word(i - 1) else { return w.slip(.agreement, (i + 1)..<(i + 2), third, "'\(subject.capitalized)' is singular: the verb takes -s.") }
                guard !WordClasses.modals.contains(previous), previous != "to", previous != "let", previous != "make", previous != "help" else { return nil }
                return w.slip(.agreement, (i + 1)..<(i + 2), third, "'\(subject.capitalized)' is singular: the verb takes -s.")
            }
            guard ["he", "she", "it"].contains(subject) else { return nil }
            if let previous = w.word(i - 1), !clauseOpeners.contains(previous) { return nil }
            if verb == "need" || verb == "dare" { return nil }
            return w.slip(.agreement, (i + 1)..<(i + 2), third, "With '\(subject)' the verb takes -s: '\(subject) \(third)'.")
        },
        { w, i in  // is use → is used
            guard let auxiliary = w.word(i), WordClasses.be.contains(auxiliary), let verb = w.word(i + 1), regularPassives.contains(verb),
                  w.word(i - 1) != "to" || auxiliary == "be" else { return nil }
            return w.slip(.verbForm, (i + 1)..<(i + 2), participle(verb), "A passive needs the past participle: '\(auxiliary) \(participle(verb))'.")
        },
        { w, i in  // the the
            guard let word = w.word(i), word == w.word(i + 1), word.first?.isLetter == true, word != "that", word != "had" else { return nil }
            return w.slip(.repetition, i..<(i + 2), word, "A word is repeated.")
        },
        { w, i in  // a apple, an university
            guard let article = w.word(i), article == "a" || article == "an", let next = w.word(i + 1), let first = next.first, first.isLetter else { return nil }
            let token = w.text.tokens[i + 1].text
            if token.count > 1, token.allSatisfy({ $0.isUppercase || $0.isNumber }) { return nil }  // acronyms: an MBA, a UN report
            let vowelLetter = "aeiou".contains(first)
            let vowelSound = silentH.contains(next) || (vowelLetter && !vowelSoundExceptions.contains(where: { next.hasPrefix($0) }))
            if article == "a", vowelSound, next.count > 1 { return w.slip(.article, i..<(i + 1), "an", "Before a vowel sound, use 'an'.") }
            if article == "an", !vowelSound { return w.slip(.article, i..<(i + 1), "a", "Before a consonant sound, use 'a'.") }
            return nil
        },
        { w, i in
            guard w.text.tokens[i].text == "i" else { return nil }
            return w.slip(.capital, i..<(i + 1), "I", "'I' is always a capital letter.")
        },
    ]
}
