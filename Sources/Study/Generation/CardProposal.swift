import Practice

/// A flashcard a generator proposes: the learner keeps or discards it.
public struct CardProposal: Sendable, Equatable, Codable {
    public var term: String
    public var partOfSpeech: String?
    /// In plain English.
    public var definition: String
    public var example: String?
    /// A common pairing ("mitigate the effects").
    public var collocation: String?
    /// The IELTS topic it belongs to.
    public var topic: String?

    public init(term: String, partOfSpeech: String? = nil, definition: String, example: String? = nil, collocation: String? = nil, topic: String? = nil) {
        self.term = term
        self.partOfSpeech = partOfSpeech
        self.definition = definition
        self.example = example
        self.collocation = collocation
        self.topic = topic
    }

    /// The proposal tidied to a card's limits, or nil when it cannot be a card (no term or definition).
    public var checked: CardProposal? {
        func clean(_ text: String?, _ limit: Int) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return String(text.prefix(limit))
        }
        guard let term = clean(term, 120), let definition = clean(definition, 500) else { return nil }
        return CardProposal(term: term, partOfSpeech: clean(partOfSpeech, 40), definition: definition, example: clean(example, 500),
                            collocation: clean(collocation, 120), topic: clean(topic, 80))
    }
}

/// What a card set is made from, gathered by the web layer when the learner asks for it.
public struct CardMaterial: Sendable, Equatable, Codable {
    /// "Lesson: Matching headings", "Topic: Environment", "Your essay: Public transport".
    public let title: String
    /// The IELTS topic cards get.
    public let topic: String
    /// A word list that comes with the material (a lesson's), with its definitions.
    public let words: [VocabularyItem]
    /// The text to find less frequent words in (a lesson's prose, an essay).
    public let text: String
    /// Words to define and propose first (the ones feedback flagged in an essay, corrected).
    public let flagged: [String]
    /// Words that must not be proposed again (already in the learner's decks).
    public var known: [String]

    public init(title: String, topic: String, words: [VocabularyItem], text: String, flagged: [String] = [], known: [String] = []) {
        self.title = title
        self.topic = topic
        self.words = words
        self.text = text
        self.flagged = flagged
        self.known = known
    }
}
