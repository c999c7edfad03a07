import Feedback
import Foundation

/// Flashcards from a language model (Gemini or Bedrock, through Feedback's ``LanguageModel``):
/// the material and the cards' JSON schema go out, and each card is passed on as soon as the
/// model has written it. Cards without a term or definition, repeats and words the learner
/// already has are left out.
public struct ModelCardGenerator: CardGenerator {
    public var name: String { model.name }
    let model: any LanguageModel

    public init(model: any LanguageModel) { self.model = model }

    static let schema = AnswerSchema.object([
        ("cards", .array(.object([
            ("term", .string(description: "The word or phrase, in its dictionary form.")),
            ("partOfSpeech", .string(description: "noun, verb, adjective, adverb or phrase.")),
            ("definition", .string(description: "What it means, in plain English a learner at IELTS band 5-6 understands.")),
            ("example", .string(description: "A natural example sentence using it, on an IELTS topic.")),
            ("collocation", .string(description: "A common collocation with it, such as 'mitigate the effects'.")),
            ("topic", .string(description: "The IELTS topic it is useful for.")),
        ]), maxItems: 30)),
    ], description: "Vocabulary flashcards for an IELTS learner.")

    static func request(_ material: CardMaterial) -> ModelRequest {
        var user = "Make between 10 and 30 vocabulary flashcards for an IELTS learner from this material (\(material.title); topic: \(material.topic)).\n"
        if !material.words.isEmpty {
            user += "Include these words first:\n" + material.words.map { "- \($0.term): \($0.definition)" }.joined(separator: "\n") + "\n"
        }
        if !material.flagged.isEmpty { user += "Then these words the learner got wrong in their writing: \(material.flagged.joined(separator: ", ")).\n" }
        if !material.known.isEmpty { user += "Leave out words the learner already has: \(material.known.prefix(200).joined(separator: ", ")).\n" }
        user += "Then choose the most useful less common words and collocations from the text:\n" + String(material.text.prefix(12_000))
        return ModelRequest(
            system: "You are an experienced IELTS vocabulary teacher. Choose words a band 5-7 learner can use in the Writing and Speaking tests, define them simply, and give natural examples. Answer with one JSON object.",
            user: user, schema: schema, tool: ("record_flashcards", "Record the flashcards for the learner."), temperature: 0.3)
    }

    public func generate(_ material: CardMaterial) -> AsyncThrowingStream<CardEvent, any Error> {
        let model = model
        return model.stream { sawText, yield in
            var items = StreamedItems("cards")
            var taken = Set(material.known.map { $0.lowercased() }), count = 0
            yield(.status("\(model.name.capitalized) is choosing words…"))
            let usage = try await model.generate(Self.request(material)) { piece in
                sawText()
                for item in items.add(piece) {
                    guard count < Self.maximumCards,
                          let card = (try? JSONDecoder().decode(CardProposal.self, from: Data(item.utf8)))?.checked,
                          taken.insert(card.term.lowercased()).inserted else { continue }
                    count += 1
                    yield(.card(card))
                }
            }
            guard count > 0 else { throw ProviderError(.malformed, "\(model.name) proposed no cards") }
            return .done(provider: model.name, usage: usage)
        }
    }
}
