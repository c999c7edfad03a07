import Feedback
import Foundation
import Scorer

/// Flashcards made without any model: the material's own word list first (a lesson's
/// vocabulary, with its definitions), then the words feedback flagged, then its less frequent
/// words (the bundled frequency list),
/// defined by WordNet, each with an example sentence (from the material itself, from BandUp's
/// lessons, or WordNet's own), a collocation seen in that sentence, and the material's topic.
/// Deterministic; it streams its cards one by one, as a model does.
public struct OfflineCardGenerator: CardGenerator {
    public let name = "offline"
    let wordNet: WordNet?
    /// Sentences from BandUp's published lessons that use a word.
    let examples: @Sendable (String) async throws -> [String]
    let pause: Duration

    public init(wordNet: WordNet?, pause: Duration = .milliseconds(30), examples: @escaping @Sendable (String) async throws -> [String] = { _ in [] }) {
        self.wordNet = wordNet
        self.pause = pause
        self.examples = examples
    }

    public func generate(_ material: CardMaterial) -> AsyncThrowingStream<CardEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    continuation.yield(.status("Choosing words from \(material.title)…"))
                    for proposal in try await proposals(material) {
                        if pause > .zero { try await Task.sleep(for: pause) }
                        continuation.yield(.card(proposal))
                    }
                    continuation.yield(.done(provider: name, usage: nil))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The cards, in the order they are proposed.
    func proposals(_ material: CardMaterial) async throws -> [CardProposal] {
        var cards: [CardProposal] = []
        var taken = Set(material.known.map { $0.lowercased() })
        let sentences = TextMeasures.sentences(in: material.text)
        for word in material.words where cards.count < Self.maximumCards && taken.insert(word.term.lowercased()).inserted {
            var example = word.example ?? Self.sentence(using: word.term, in: sentences)
            if example == nil { example = try await contentExample(word.term) }
            cards.append(CardProposal(term: word.term, partOfSpeech: word.partOfSpeech, definition: word.definition, example: example,
                                      collocation: example.flatMap { Self.collocation(of: word.term, in: $0) }, topic: material.topic))
        }
        let flagged = material.flagged.compactMap { word in wordNet?.senses(of: word, limit: 1).first.map { (word, $0) } }
        for (word, sense) in flagged + lessFrequentWords(material.text, skipping: taken) where cards.count < Self.maximumCards {
            guard taken.insert(sense.lemma.lowercased()).inserted else { continue }
            var example = Self.sentence(using: word, in: sentences)
            if example == nil { example = try await contentExample(sense.lemma) }
            if example == nil { example = sense.examples.first.map { $0.prefix(1).uppercased() + $0.dropFirst() + "." } }
            cards.append(CardProposal(term: sense.lemma, partOfSpeech: sense.partOfSpeech, definition: sense.definition, example: example,
                                      collocation: example.flatMap { Self.collocation(of: word, in: $0) ?? Self.collocation(of: sense.lemma, in: $0) },
                                      topic: material.topic))
        }
        return cards
    }

    /// A sentence of 4 to 30 words from BandUp's lessons that uses `term`.
    func contentExample(_ term: String) async throws -> String? {
        Self.sentence(using: term, in: try await examples(term))
    }

    /// The text's less frequent words that WordNet defines, the most repeated first, then the rarest.
    func lessFrequentWords(_ text: String, skipping taken: Set<String>) -> [(word: String, sense: WordNet.Sense)] {
        guard let wordNet else { return [] }
        var counts: [String: Int] = [:]
        for word in TextMeasures.words(in: text) where word.count >= 4 && word.allSatisfy(\.isLetter) && !WordClasses.function.contains(word) {
            counts[word, default: 0] += 1
        }
        let candidates = counts.keys.filter { !taken.contains($0) && WordFrequency.isLessFrequent($0) }
            .sorted { (counts[$0]!, -WordFrequency.of($0), $0) > (counts[$1]!, -WordFrequency.of($1), $1) }
        var found: [(String, WordNet.Sense)] = []
        for word in candidates where found.count < Self.maximumCards {
            guard let sense = wordNet.senses(of: word, limit: 1).first, !taken.contains(sense.lemma.lowercased()) else { continue }
            found.append((word, sense))
        }
        return found
    }

    /// The first sentence of 4 to 30 words that uses `word` (as a whole word, in any case).
    static func sentence(using word: String, in sentences: [String]) -> String? {
        let lowered = word.lowercased()
        return sentences.first { sentence in
            let words = TextMeasures.words(in: sentence)
            guard (4...30).contains(words.count) else { return false }
            if lowered.contains(" ") { return sentence.lowercased().contains(lowered) }
            return words.contains { $0 == lowered || ($0.hasPrefix(lowered) && $0.count <= lowered.count + 3) }
        }
    }

    /// The word and the content word next to it in `sentence` ("traffic congestion", "reduce emissions").
    static func collocation(of word: String, in sentence: String) -> String? {
        let words = TextMeasures.words(in: sentence), lowered = word.lowercased()
        guard let index = words.firstIndex(where: { $0 == lowered || ($0.hasPrefix(lowered) && $0.count <= lowered.count + 3) }) else { return nil }
        func content(_ position: Int) -> String? {
            guard words.indices.contains(position), !WordClasses.function.contains(words[position]), words[position].allSatisfy(\.isLetter) else { return nil }
            return words[position]
        }
        if let next = content(index + 1) { return "\(words[index]) \(next)" }
        if let afterThe = content(index + 2), ["the", "a", "an"].contains(words[safe: index + 1] ?? "") { return "\(words[index]) \(words[index + 1]) \(afterThe)" }
        if let before = content(index - 1) { return "\(before) \(words[index])" }
        return nil
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
