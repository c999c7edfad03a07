/// How far an answer keeps to its prompt's topic: which of the prompt's content words (by lemma,
/// or by their first five letters for word families: "pollution" and "polluting") the answer
/// uses, and how much of the answer is about them.
public struct TopicMatch: Sendable {
    /// The prompt's topic words (lemmas), without the instructions every prompt has.
    public let topic: Set<String>
    /// The share of the topic words the answer uses (0...1).
    public let coverage: Double
    /// The share of the answer's content words that are topic words (0...1).
    public let share: Double

    /// Words of the instructions, not the topic ("discuss both views and give your opinion").
    static let instructions: Set<String> = [
        "discuss", "view", "views", "opinion", "agree", "disagree", "extent", "give", "reason", "reasons", "answer", "include",
        "relevant", "example", "examples", "knowledge", "experience", "write", "least", "word", "words", "summarise", "summarize",
        "information", "select", "selecting", "report", "reporting", "main", "feature", "features", "comparison", "comparisons",
        "below", "shows", "show", "chart", "graph", "table", "diagram", "letter", "begin", "dear", "need", "address", "sir", "madam",
        "advantage", "advantages", "disadvantage", "disadvantages", "outweigh", "some", "others", "believe", "think", "what", "your",
        "own", "explain", "describe", "question", "following", "topic", "task", "minutes", "spend", "about", "you", "should",
    ]

    public init(prompt: String, keywords: [String], text: TextMeasures) {
        let promptWords = TextMeasures.words(in: prompt) + keywords.flatMap { TextMeasures.words(in: $0) }
        // Words too common to say what a prompt is about ("good", "problem", "people") are left out.
        let topic = Set(promptWords.filter { $0.count >= 4 && $0.first?.isWordLetter == true && !WordClasses.function.contains($0) && !Self.instructions.contains($0) }
            .map(Lemmas.lemma).filter { WordFrequency.of($0) < 5.8 })
        self.topic = topic
        // Each family's first topic word in sorted order (a Set's order changes from run to run).
        var families: [String: String] = [:]
        for word in topic.sorted() where families[String(word.prefix(5))] == nil { families[String(word.prefix(5))] = word }
        let content = text.words.filter { $0.count >= 4 && !WordClasses.function.contains($0) }
        var used = Set<String>(), onTopic = 0
        for word in content {
            let lemma = Lemmas.lemma(word)
            if topic.contains(lemma) { used.insert(lemma); onTopic += 1 }
            else if let match = families[String(lemma.prefix(5))] {
                onTopic += 1
                used.insert(match)
            }
        }
        coverage = topic.isEmpty ? 1 : Double(used.count) / Double(topic.count)
        share = content.isEmpty ? 0 : Double(onTopic) / Double(content.count)
    }

    /// Whether the answer is about something else: it uses almost none of a prompt's topic words.
    /// (Checked on the rated essays: each against its own prompt and against another's; see
    /// docs/scoring.md.)
    public var isOffTopic: Bool { topic.count >= 3 && coverage <= 0.2 && share < 0.025 }
}
