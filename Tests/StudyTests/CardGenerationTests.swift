import AWSSigning
import Feedback
import Foundation
import Scorer
import Testing
import TestSupport
@testable import Study

/// Card sets: WordNet's definitions, the offline generator on a lesson and an essay, items
/// streamed from a model's JSON as they complete.
@Suite struct CardGenerationTests {
    static let wordNet = WordNet()

    @Test func wordNetDefinesWordsAndTheirInflections() throws {
        let wordNet = try #require(Self.wordNet, "WordNet is installed (Debian wordnet-base)")
        let mitigate = try #require(wordNet.senses(of: "mitigate").first)
        #expect(mitigate.partOfSpeech == "verb" && mitigate.definition.contains("lessen"), "\(mitigate)")
        #expect(wordNet.senses(of: "commuting").first?.lemma == "commute")
        #expect(wordNet.senses(of: "emissions").first?.lemma == "emission")
        #expect(wordNet.senses(of: "mice").first?.lemma == "mouse")
        #expect(wordNet.senses(of: "zzqxv").isEmpty && wordNet.senses(of: "").isEmpty)
        #expect(WordFrequency.of("the") > 7 && WordFrequency.isLessFrequent("mitigate") && !WordFrequency.isLessFrequent("house"))
    }

    static let lesson = CardMaterial(
        title: "Lesson: Environment collocations", topic: "Environment",
        words: [.init(term: "carbon footprint", partOfSpeech: "noun", definition: "the carbon dioxide a person or activity produces", example: nil)],
        text: """
            Governments are trying to mitigate the effects of climate change. Many cities now encourage commuters to cycle, \
            which reduces traffic congestion and lowers emissions. Renewable energy has become cheaper, and solar panels are a common sight. \
            Deforestation, however, continues to threaten biodiversity in tropical regions. Campaigners argue that sustainable agriculture \
            can feed a growing population without exhausting the soil. Every household can shrink its carbon footprint by insulating its home.
            """,
        known: ["renewable"])

    @Test func theOfflineGeneratorProposesDefinedWordsWithExamples() async throws {
        let generator = OfflineCardGenerator(wordNet: Self.wordNet, pause: .zero) { word in
            ["BandUp lessons say you should \(word) carefully in an essay."]
        }
        var cards: [CardProposal] = [], ended = false
        for try await event in generator.generate(Self.lesson) {
            switch event {
            case .card(let card): cards.append(card)
            case .done(let provider, _): ended = provider == "offline"
            case .status: break
            }
        }
        #expect(ended)
        #expect(cards.first?.term == "carbon footprint" && cards.first?.definition == "the carbon dioxide a person or activity produces")
        #expect((10...30).contains(cards.count), "\(cards.map(\.term))")
        let terms = Set(cards.map(\.term))
        #expect(terms.isSuperset(of: ["mitigate", "congestion", "deforestation", "biodiversity"]), "\(terms)")
        #expect(!terms.contains("renewable"), "words the learner has are left out")
        #expect(!terms.contains("the") && !terms.contains("cities"), "only less frequent words")
        let mitigate = try #require(cards.first { $0.term == "mitigate" })
        #expect(mitigate.partOfSpeech == "verb" && mitigate.example == "Governments are trying to mitigate the effects of climate change.")
        #expect(mitigate.collocation == "mitigate the effects", "\(String(describing: mitigate.collocation))")
        #expect(cards.allSatisfy { $0.topic == "Environment" && !$0.definition.isEmpty && $0.example != nil }, "\(cards.filter { $0.example == nil })")
        let congestion = try #require(cards.first { $0.term == "congestion" })
        #expect(congestion.collocation == "traffic congestion", "\(String(describing: congestion.collocation))")
    }

    @Test func itemsStreamOutOfJSONAsTheyComplete() {
        var items = StreamedItems("cards")
        let json = #"{"intro": "a { brace", "cards": [{"term": "x}", "definition": "a \"quoted\" }"}, {"term": "y", "nested": {"a": [1]}}], "after": [{"no": 1}]}"#
        var seen: [String] = []
        for index in stride(from: 0, to: json.count, by: 7) {
            let start = json.index(json.startIndex, offsetBy: index), end = json.index(start, offsetBy: min(7, json.count - index))
            seen += items.add(String(json[start..<end]))
        }
        #expect(seen == [#"{"term": "x}", "definition": "a \"quoted\" }"}"#, #"{"term": "y", "nested": {"a": [1]}}"#])
    }
}

/// Card sets from the Gemini and Bedrock stand-ins (their real wire formats): cards arrive one by
/// one, a card without a definition is dropped, words the learner has are left out.
@Suite(.serialized) struct ModelCardGenerationTests {
    static func collect(_ generator: any CardGenerator, _ material: CardMaterial) async throws -> [CardProposal] {
        var cards: [CardProposal] = []
        for try await event in generator.generate(material) { if case .card(let card) = event { cards.append(card) } }
        return cards
    }

    @Test func geminiAndBedrockProposeCards() async throws {
        let server = try AIStandIns.start()
        let http = ProviderHTTP.client(connect: .seconds(5))
        let models: [any LanguageModel] = [
            GeminiModel(apiKey: "test-key", baseURL: server.endpoint.absoluteString, http: http),
            BedrockModel(modelID: "anthropic.claude-3-haiku-20240307-v1:0", region: "eu-west-2",
                         credentials: AWSCredentials(accessKeyID: AIStandIns.accessKeyID, secretAccessKey: AIStandIns.secretAccessKey),
                         endpoint: server.endpoint.absoluteString, http: http),
        ]
        var material = CardGenerationTests.lesson
        material.known = ["deforestation"]
        for model in models {
            let cards = try await Self.collect(ModelCardGenerator(model: model), material)
            #expect(cards.first?.term == "carbon footprint" && cards.first?.definition.contains("carbon dioxide") == true, "\(model.name): \(cards)")
            #expect(cards.count >= 10 && cards.count <= 30, "\(model.name): \(cards.count)")
            #expect(!cards.contains { $0.term == "undefined" }, "a card without a definition is dropped")
            #expect(!cards.contains { $0.term == "deforestation" }, "a word the learner has is left out")
            #expect(cards.allSatisfy { !$0.definition.isEmpty && $0.example != nil })
        }
    }

    @Test func whenTheModelFailsTheOfflineGeneratorTakesOver() async throws {
        let server = try AIStandIns.start()
        let failing = ModelCardGenerator(model: GeminiModel(apiKey: "scenario-unavailable", baseURL: server.endpoint.absoluteString,
                                                            http: ProviderHTTP.client(connect: .seconds(5))))
        let chain = CardGeneratorChain([failing, OfflineCardGenerator(wordNet: CardGenerationTests.wordNet, pause: .zero)])
        var statuses: [String] = [], cards: [CardProposal] = [], provider = ""
        for try await event in chain.generate(CardGenerationTests.lesson) {
            switch event {
            case .status(let line): statuses.append(line)
            case .card(let card): cards.append(card)
            case .done(let name, _): provider = name
            }
        }
        #expect(provider == "offline" && cards.count >= 10)
        #expect(statuses.contains { $0.contains("offline takes over") }, "\(statuses)")
    }
}
