/// A word a lesson teaches (front matter `vocabulary:` and ```` ```vocab ```` blocks), or a word
/// list that comes with the material of a flashcard set.
public struct VocabularyItem: Sendable, Equatable, Codable {
    public let term: String
    public let partOfSpeech: String?
    public let definition: String
    public let example: String?

    public init(term: String, partOfSpeech: String?, definition: String, example: String?) {
        self.term = term
        self.partOfSpeech = partOfSpeech
        self.definition = definition
        self.example = example
    }
}
