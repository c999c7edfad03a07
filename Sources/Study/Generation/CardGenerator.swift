import Feedback

/// What a card generator sends while it works: status lines, each card as it is ready, and the end.
public enum CardEvent: Sendable, Equatable {
    case status(String)
    case card(CardProposal)
    case done(provider: String, usage: TokenUsage?)
}

/// Something that proposes flashcards from material: the offline generator, or a language model.
public protocol CardGenerator: Sendable {
    /// "offline", "gemini", "bedrock".
    var name: String { get }
    /// The proposals as they are made, ending with `.done`.
    func generate(_ material: CardMaterial) -> AsyncThrowingStream<CardEvent, any Error>
}

extension CardGenerator {
    /// How many cards a set has: at most 30, and 10 or more when the material allows.
    public static var maximumCards: Int { 30 }
    public static var minimumCards: Int { 10 }
}
