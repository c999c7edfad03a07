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

/// A card to add: its words, and where it came from.
public struct NewCard: Sendable, Equatable {
    public var term: String
    public var partOfSpeech: String?
    public var definition: String
    public var example: String?
    public var collocation: String?
    public var topic: String?
    /// own, import, lesson:<slug>, essay:<answer id>, generated.
    public var source: String

    public init(term: String, partOfSpeech: String? = nil, definition: String, example: String? = nil, collocation: String? = nil,
                topic: String? = nil, source: String = "own") {
        self.term = term
        self.partOfSpeech = partOfSpeech
        self.definition = definition
        self.example = example
        self.collocation = collocation
        self.topic = topic
        self.source = source
    }

    public init(_ row: CardCSV.Row, source: String) {
        self.init(term: row.term, partOfSpeech: row.partOfSpeech, definition: row.definition, example: row.example,
                  collocation: row.collocation, topic: row.topic, source: source)
    }

    public init(_ proposal: CardProposal, source: String) {
        self.init(term: proposal.term, partOfSpeech: proposal.partOfSpeech, definition: proposal.definition, example: proposal.example,
                  collocation: proposal.collocation, topic: proposal.topic, source: source)
    }

    /// Why the card cannot be added, in words for the learner; nil when it can.
    public var problem: String? {
        let term = term.trimmingCharacters(in: .whitespacesAndNewlines), definition = definition.trimmingCharacters(in: .whitespacesAndNewlines)
        if term.isEmpty { return "Write the word or phrase." }
        if term.count > 120 { return "The word or phrase is longer than 120 characters." }
        if definition.isEmpty { return "Write what \(term) means." }
        if definition.count > 500 { return "The definition is longer than 500 characters." }
        if (example?.count ?? 0) > 500 { return "The example is longer than 500 characters." }
        if (partOfSpeech?.count ?? 0) > 40 || (collocation?.count ?? 0) > 120 || (topic?.count ?? 0) > 80 { return "One of the fields is too long." }
        return nil
    }
}
