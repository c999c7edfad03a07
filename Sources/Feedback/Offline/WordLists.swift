import CompressNIO
import Foundation
import NIOCore

/// The word lists the offline analyser reads: a spelling dictionary (SCOWL through Debian's
/// wbritish and wamerican, bundled with its licence), and BandUp's own short lists of linking
/// words, academic words, function words and fillers.
public enum WordLists {
    /// British and American spellings, lower-cased (about 104,000 words).
    public static let dictionary: Set<String> = {
        guard let url = Bundle.module.url(forResource: "english-words.txt", withExtension: "gz"),
              let data = try? Data(contentsOf: url) else { return [] }
        var buffer = ByteBuffer(bytes: data)
        guard let text = try? buffer.decompress(with: .gzip()) else { return [] }
        return Set(String(buffer: text).split(separator: "\n").map(String.init))
    }()

    /// Whether `word` (lower case) is spelled as some English dictionary spells it; numbers,
    /// hyphenated compounds whose parts are words, and possessives count as spelled.
    public static func isSpelled(_ word: String) -> Bool {
        if word.first?.isNumber == true || dictionary.isEmpty { return true }
        if dictionary.contains(word) { return true }
        if word.hasSuffix("'s"), dictionary.contains(String(word.dropLast(2))) { return true }
        if word.contains("-") { return word.split(separator: "-").allSatisfy { isSpelled(String($0)) } }
        return false
    }

    /// A correction one edit away (a letter missing, extra, wrong or two swapped), preferring common words.
    public static func suggestion(for word: String) -> String? {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let characters = Array(word)
        var candidates: [String] = []
        for index in 0...characters.count {
            if index < characters.count {
                var deleted = characters; deleted.remove(at: index); candidates.append(String(deleted))
                if index + 1 < characters.count {
                    var swapped = characters; swapped.swapAt(index, index + 1); candidates.append(String(swapped))
                }
                for letter in letters where letter != characters[index] {
                    var replaced = characters; replaced[index] = letter; candidates.append(String(replaced))
                }
            }
            for letter in letters {
                var inserted = characters; inserted.insert(letter, at: index); candidates.append(String(inserted))
            }
        }
        let known = candidates.filter { dictionary.contains($0) && $0.count > 1 }
        return known.first { common.contains($0) } ?? known.first
    }

    /// Linking words and phrases by what they do (BandUp's list).
    public static let linkers: [String: [String]] = [
        "adding": ["moreover", "furthermore", "in addition", "additionally", "also", "what is more", "besides"],
        "contrasting": ["however", "on the other hand", "nevertheless", "although", "whereas", "while", "in contrast", "yet", "despite", "even though", "on the contrary"],
        "cause and effect": ["therefore", "as a result", "consequently", "because", "since", "thus", "hence", "this means that", "due to", "as a consequence"],
        "examples": ["for example", "for instance", "such as", "in particular", "namely", "to illustrate"],
        "sequence": ["firstly", "first", "secondly", "finally", "lastly", "then", "after that", "to begin with", "meanwhile", "subsequently"],
        "concluding": ["in conclusion", "to conclude", "to sum up", "overall", "in summary", "all in all"],
        "opinion": ["in my opinion", "i believe", "i would argue", "from my point of view", "it seems to me", "personally"],
    ]

    /// Less common words that suit academic and formal writing (BandUp's list; a word's inflections count).
    public static let academic: Set<String> = [
        "analyse", "analyze", "approach", "assess", "assume", "benefit", "concept", "consist", "constitute", "context", "contrast",
        "crucial", "data", "decline", "derive", "distribute", "diverse", "economy", "emerge", "enable", "ensure", "environment",
        "establish", "estimate", "evaluate", "evidence", "factor", "feature", "fluctuate", "function", "fundamental", "generate",
        "identify", "impact", "implement", "imply", "indicate", "individual", "inevitable", "initial", "interpret", "invest",
        "issue", "maintain", "method", "minimise", "minimize", "modify", "notion", "obtain", "occur", "outcome", "participate",
        "perceive", "period", "phenomenon", "policy", "potential", "predominant", "principle", "priority", "proceed", "process",
        "proportion", "prospect", "rational", "reinforce", "relevant", "rely", "require", "resource", "respond", "role",
        "significant", "similar", "sector", "source", "specific", "stable", "strategy", "structure", "substantial", "sufficient",
        "sustain", "sustainable", "technique", "tendency", "transform", "trend", "ultimately", "undergo", "undermine", "valid",
        "variable", "vary", "welfare", "widespread", "accessible", "adequate", "allocate", "alternative", "comprehensive",
        "considerable", "consequence", "contemporary", "contribute", "controversial", "decade", "demographic", "detrimental",
        "dominant", "drastically", "facilitate", "incentive", "infrastructure", "legislation", "mitigate", "moderate", "offset",
        "predict", "prevalent", "promote", "regulate", "subsequent", "surge", "plummet", "steadily", "marginally", "respectively",
    ]

    /// Function words: ignored when judging repetition and relevance.
    public static let function: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "are",
        "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "there", "their", "they", "them",
        "we", "our", "us", "you", "your", "i", "my", "me", "he", "she", "his", "her", "him", "not", "no", "do", "does", "did",
        "have", "has", "had", "will", "would", "can", "could", "should", "may", "might", "must", "so", "than", "then", "more",
        "most", "very", "also", "which", "who", "what", "when", "where", "why", "how", "all", "some", "many", "much", "such",
        "about", "into", "over", "up", "out", "one", "other", "because", "while", "however", "people", "think", "important",
    ]

    /// Words that fill pauses in speech.
    public static let fillers: Set<String> = ["um", "uh", "er", "erm", "ah", "hmm", "mm"]
    /// Phrases that fill pauses when overused.
    public static let fillerPhrases = ["you know", "i mean", "kind of", "sort of", "like i said"]

    /// Very common words, preferred among spelling suggestions.
    static let common: Set<String> = [
        "the", "their", "there", "they", "because", "believe", "receive", "government", "environment", "necessary", "different",
        "people", "which", "would", "should", "could", "important", "problem", "really", "which", "where", "were", "when", "what",
        "beginning", "business", "definitely", "separate", "until", "tomorrow", "which", "while", "opinion", "country", "countries",
        "advantage", "disadvantage", "society", "children", "education", "technology", "especially", "increase", "decrease",
    ]
}
