import Foundation
import Practice

/// A learner's deck of flashcards, with how many of its cards are due.
public struct Deck: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let cards: Int
    public let due: Int
    public let createdAt: Date
}

/// One flashcard: the word, what it means, an example, and its review schedule.
public struct Flashcard: Sendable, Equatable {
    public let id: Int64
    public let deckID: Int64
    public let term: String
    public let partOfSpeech: String?
    public let definition: String
    public let example: String?
    public let collocation: String?
    public let topic: String?
    public let source: String
    public let schedule: FSRS.Card
    public let reviews: Int
    public let lapses: Int

    /// Never reviewed yet.
    public var isNew: Bool { reviews == 0 }

    /// The card as CSV carries it.
    public var row: CardCSV.Row {
        CardCSV.Row(term: term, definition: definition, example: example, partOfSpeech: partOfSpeech, collocation: collocation, topic: topic)
    }
}

/// A card to add: its words (a ``CardProposal``, as generators propose them), and where it came from.
public struct NewCard: Sendable, Equatable {
    public var content: CardProposal
    /// own, import, lesson:<slug>, essay:<answer id>, generated.
    public var source: String

    public init(_ content: CardProposal, source: String) {
        self.content = content
        self.source = source
    }

    public init(term: String, partOfSpeech: String? = nil, definition: String, example: String? = nil, collocation: String? = nil,
                topic: String? = nil, source: String = "own") {
        self.init(CardProposal(term: term, partOfSpeech: partOfSpeech, definition: definition, example: example, collocation: collocation, topic: topic),
                  source: source)
    }

    public init(_ row: CardCSV.Row, source: String) {
        self.init(term: row.term, partOfSpeech: row.partOfSpeech, definition: row.definition, example: row.example,
                  collocation: row.collocation, topic: row.topic, source: source)
    }

    public var term: String { content.term }

    /// Why the card cannot be added, in words for the learner; nil when it can.
    public var problem: String? {
        let term = content.term.trimmingCharacters(in: .whitespacesAndNewlines), definition = content.definition.trimmingCharacters(in: .whitespacesAndNewlines)
        if term.isEmpty { return "Write the word or phrase." }
        if term.count > 120 { return "The word or phrase is longer than 120 characters." }
        if definition.isEmpty { return "Write what \(term) means." }
        if definition.count > 500 { return "The definition is longer than 500 characters." }
        if (content.example?.count ?? 0) > 500 { return "The example is longer than 500 characters." }
        if (content.partOfSpeech?.count ?? 0) > 40 || (content.collocation?.count ?? 0) > 120 || (content.topic?.count ?? 0) > 80 { return "One of the fields is too long." }
        return nil
    }
}
