import Practice
import Testing
import TestSupport
@testable import Scorer

/// The extractor on fixed essays: each measure the model reads, on text as a file holds it and as
/// a browser sends it (CRLF), with the slips and misspellings it must hear.
@Suite struct EssayFeaturesTests {
    static let essay = FeedbackFixture.essay
    static let prompt = FeedbackFixture.promptText
    static func features(_ text: String, task: FeedbackTask = .task2, prompt: String = prompt) -> EssayFeatures {
        EssayFeatures(task: task, prompt: prompt, essay: text)
    }

    /// A measure, the fixture essay's value, and how close it must be.
    static let expected: [(String, Double, Double)] = [
        ("paragraphs", 6, 0), ("paragraphs_ok", 1, 0), ("misspelt_per_100", 100.0 / 280, 0.15), ("under_minimum", 0, 0),
        ("off_topic", 0, 0), ("opinion", 1, 0), ("conclusion", 1, 0), ("examples", 0, 0), ("is_task1", 0, 0),
        ("device_functions", 6, 1), ("complex_sentence_share", 0.5, 0.25), ("prompt_coverage", 0.8, 0.2),
    ]

    @Test(arguments: expected) func theFixtureEssaysMeasures(_ name: String, _ value: Double, _ tolerance: Double) throws {
        let measured = try #require(Self.features(Self.essay).values[name])
        #expect(abs(measured - value) <= tolerance, "\(name) = \(measured)")
    }

    @Test func everyMeasureIsFiniteAndNamed() {
        let features = Self.features(Self.essay)
        #expect(Set(features.values.keys) == Set(EssayFeatures.names))
        #expect(features.vector.count == EssayFeatures.names.count && features.vector.allSatisfy(\.isFinite))
        let empty = Self.features("")
        #expect(empty.vector.allSatisfy { $0.isFinite })
    }

    @Test func aBrowsersCRLFTextMeasuresTheSameAsLF() {
        let lf = Self.features(Self.essay), crlf = Self.features(Self.essay.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(lf.values == crlf.values)
        #expect(crlf.text.paragraphs == 6 && crlf.misspelt == lf.misspelt && crlf.slips.count == lf.slips.count)
    }

    @Test func theFixturesMistakesAreHeard() {
        let features = Self.features(Self.essay)
        #expect(features.misspelt == ["completly"])
        #expect(features.slips.map(\.problem).contains { $0.contains("'This' is singular") })
    }

    @Test func relevanceIsAShareAndFallsOffTopic() {
        let onTopic = Self.features(Self.essay)
        #expect((0...1).contains(onTopic.topic.coverage) && (0...1).contains(onTopic.topic.share))
        let elsewhere = Self.features(Self.essay, prompt: "Some people think prison sentences should be longer for serious crimes. Do you agree?")
        #expect(elsewhere.topic.coverage < 0.2 && elsewhere.topic.isOffTopic, "\(elsewhere.topic.coverage) \(elsewhere.topic.share)")
    }

    @Test func spellingUsesHunspellsBritishAndAmericanDictionaries() throws {
        let speller = try #require(Speller.shared, "hunspell-en-gb and hunspell-en-us are installed")
        for word in ["colour", "color", "organise", "organize", "London", "well-known", "it's", "1990s"] { #expect(speller.isSpelled(word), "\(word)") }
        for word in ["goverment", "completly", "enviroment", "becuase"] { #expect(!speller.isSpelled(word), "\(word)") }
        #expect(speller.suggestion(for: "goverment") == "government")
    }

    @Test func lemmasAndAcademicWords() {
        #expect(["studies": "study", "polluting": "pollute", "cities": "city", "running": "run", "news": "news", "children": "child"]
            .allSatisfy { Lemmas.lemma($0.key) == $0.value })
        #expect(AcademicWords.sublist(of: "analysis") == 1 && AcademicWords.sublist(of: "analyse") == 1 && AcademicWords.sublist(of: "house") == nil)
    }
}
