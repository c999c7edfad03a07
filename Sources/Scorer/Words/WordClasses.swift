/// BandUp's short lists of words by what they do in a sentence: function words, cohesive devices
/// by function, subordinators, modal verbs, common verbs (for agreement checks) and fillers.
public enum WordClasses {
    /// Linking words and phrases by what they do.
    public static let cohesiveDevices: [String: [String]] = [
        "adding": ["moreover", "furthermore", "in addition", "additionally", "also", "what is more", "besides"],
        "contrasting": ["however", "on the other hand", "nevertheless", "nonetheless", "although", "whereas", "in contrast", "yet", "despite",
                        "even though", "on the contrary", "conversely", "while"],
        "cause and effect": ["therefore", "as a result", "consequently", "because", "since", "thus", "hence", "this means that", "due to",
                             "as a consequence", "leads to", "result in"],
        "examples": ["for example", "for instance", "such as", "in particular", "namely", "to illustrate", "a case in point"],
        "sequence": ["firstly", "first", "secondly", "thirdly", "finally", "lastly", "then", "after that", "to begin with", "meanwhile", "subsequently"],
        "concluding": ["in conclusion", "to conclude", "to sum up", "in summary", "all in all", "to summarise", "to summarize"],
        "opinion": ["in my opinion", "i believe", "i think", "i would argue", "from my point of view", "it seems to me", "personally",
                    "in my view", "i agree", "i disagree", "i strongly", "my view"],
    ]

    /// Words that open a subordinate clause.
    public static let subordinators: Set<String> = ["because", "although", "though", "if", "when", "while", "whereas", "since", "unless",
                                                    "until", "whether", "once", "whenever", "wherever", "provided", "as", "so"]
    /// Relative pronouns and adverbs.
    public static let relatives: Set<String> = ["which", "who", "whom", "whose", "that", "where"]
    public static let modals: Set<String> = ["can", "could", "may", "might", "must", "shall", "should", "will", "would"]
    /// Forms of "be", for passives and progressive forms.
    public static let be: Set<String> = ["be", "is", "are", "was", "were", "been", "being", "am"]

    /// Function words: ignored when judging repetition, relevance and sophistication.
    public static let function: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "are",
        "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "there", "their", "they", "them",
        "we", "our", "us", "you", "your", "i", "my", "me", "he", "she", "his", "her", "him", "not", "no", "do", "does", "did",
        "have", "has", "had", "will", "would", "can", "could", "should", "may", "might", "must", "so", "than", "then", "more",
        "most", "very", "also", "which", "who", "what", "when", "where", "why", "how", "all", "some", "many", "much", "such",
        "about", "into", "over", "up", "out", "one", "other", "because", "while", "however", "people", "think", "important",
        "am", "an", "any", "each", "every", "just", "only", "own", "same", "both", "few", "too", "can't", "don't", "it's", "i'm",
        "whether", "although", "though", "since", "through", "during", "before", "after", "between", "under", "again", "further",
        "here", "now", "even", "well", "way", "make", "get", "thing", "things", "lot", "lots",
    ]

    /// Words that fill pauses in speech.
    public static let fillers: Set<String> = ["um", "uh", "er", "erm", "ah", "hmm", "mm", "uhm"]
    /// Phrases that fill pauses when overused.
    public static let fillerPhrases = ["you know", "i mean", "kind of", "sort of", "like i said"]

    /// Common verbs in their base form, with their third-person form: enough to hear "a student
    /// who pay" and "it make" (agreement slips IELTS candidates make most).
    public static let thirdPerson: [String: String] = {
        var forms: [String: String] = ["have": "has", "do": "does", "go": "goes", "be": "is"]
        for verb in ["pay", "suit", "want", "need", "like", "live", "work", "study", "make", "take", "give", "get", "help", "provide",
                     "allow", "offer", "cost", "spend", "choose", "prefer", "enjoy", "learn", "teach", "use", "play", "become", "seem",
                     "feel", "think", "believe", "know", "mean", "cause", "lead", "create", "bring", "keep", "let", "show", "find",
                     "affect", "depend", "require", "include", "increase", "decrease", "reduce", "improve", "encourage", "prevent",
                     "support", "benefit", "contribute", "protect", "damage", "spend", "earn", "save", "buy", "sell", "travel",
                     "believe", "agree", "say", "tell", "grow", "rise", "fall", "remain", "stay", "change", "follow", "lose", "win",
                     "put", "run", "pollute", "consume", "produce", "attend", "visit", "own", "watch", "read", "write", "speak",
                     "eat", "drink", "drive", "leave", "come", "see", "look", "seem", "happen", "exist", "matter", "belong", "last",
                     "invest", "build", "solve", "move", "carry", "reach", "meet", "face", "raise", "manage", "fund", "stop"] {
            if forms[verb] != nil { continue }
            if verb.hasSuffix("y"), let before = verb.dropLast().last, !"aeiou".contains(before) {
                forms[verb] = verb.dropLast() + "ies"
            } else if verb.hasSuffix("s") || verb.hasSuffix("sh") || verb.hasSuffix("ch") || verb.hasSuffix("x") || verb.hasSuffix("o") {
                forms[verb] = verb + "es"
            } else {
                forms[verb] = verb + "s"
            }
        }
        return forms
    }()

    /// The base form of each third-person form in `thirdPerson` ("pays": "pay").
    public static let baseOfThirdPerson: [String: String] = Dictionary(thirdPerson.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })

    /// Irregular past forms and their base forms.
    public static let irregularPast = ["went": "go", "came": "come", "saw": "see", "took": "take", "made": "make", "gave": "give",
                                       "got": "get", "wrote": "write", "spoke": "speak", "ate": "eat", "bought": "buy", "brought": "bring",
                                       "thought": "think", "taught": "teach", "found": "find", "left": "leave", "felt": "feel",
                                       "kept": "keep", "grew": "grow", "rose": "rise", "fell": "fall", "chose": "choose", "began": "begin"]

    /// Irregular past participles, for passives ("is taken", "were built").
    public static let irregularParticiples: Set<String> = ["taken", "made", "given", "done", "seen", "known", "built", "written", "spoken",
                                                           "shown", "found", "kept", "sold", "bought", "paid", "spent", "taught", "brought",
                                                           "thought", "held", "put", "set", "cut", "grown", "chosen", "drawn", "left", "led"]
}
