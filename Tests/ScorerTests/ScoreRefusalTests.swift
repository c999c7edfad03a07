import Practice
import Testing
import TestSupport
@testable import Scorer

/// Answers that get a message instead of a band.
@Suite struct ScoreRefusalTests {
    static func refusal(_ essay: String, prompt: String = FeedbackFixture.promptText, task: FeedbackTask = .task2) -> ScoreRefusal? {
        ScoreRefusal.check(EssayFeatures(task: task, prompt: prompt, essay: essay), prompt: prompt)
    }

    static let factories = """
        Factories are one of the main sources of pollution in the modern world. Smoke from chimneys fills the air with harmful \
        gases, and waste water is often released into rivers without treatment. As a result, fish die and people who live nearby \
        suffer from breathing problems.

        There are several ways to reduce this damage. Firstly, companies could install filters on their chimneys and treat their \
        waste before it leaves the site. Secondly, inspectors should visit industrial areas regularly and fine the owners who break \
        the rules. For example, in some European countries heavy fines have made manufacturers invest in cleaner machines.

        Furthermore, consumers can choose products from companies that respect nature. When shoppers avoid goods made in dirty \
        plants, managers notice the change in sales and improve their methods.

        In conclusion, industrial pollution can be reduced if companies, inspectors and shoppers all play their part.
        """

    @Test func anEssayOnAnotherTopicIsRefused() {
        let prison = "Some people believe that longer prison sentences are the best way to reduce crime. To what extent do you agree or disagree?"
        #expect(Self.refusal(Self.factories, prompt: prison) == .offTopic)
        #expect(Self.refusal(Self.factories, prompt: "Industrial pollution is a growing problem. What can factories and governments do to reduce it?") == nil)
    }

    @Test func aShortAnswerIsRefusedWithItsLength() {
        #expect(Self.refusal("Working at home is good. I like it because I can sleep more and I save money on the bus.") == .tooShort(words: 20, needed: 75))
        #expect(Self.refusal(String(repeating: "Public transport helps cities grow. ", count: 8), task: .academicTask1) == .tooShort(words: 40, needed: 45))
        #expect(ScoreRefusal.tooShort(words: 20, needed: 75).description.contains("At 20 words"))
    }

    @Test func anotherLanguageIsRefused() {
        let french = String(repeating: "Les gouvernements devraient investir davantage dans les transports publics plutôt que dans les routes. ", count: 8)
        #expect(Self.refusal(french) == .notEnglish)
        let chinese = String(repeating: "政府应该在公共交通上花更多的钱，而不是修建新的道路。", count: 10)
        #expect(Self.refusal(chinese) == .notEnglish)
    }

    @Test func thePromptCopiedOutIsRefused() {
        let copied = String(repeating: FeedbackFixture.promptText + " ", count: 5)
        #expect(Self.refusal(copied) == .copiedPrompt)
        #expect(Self.refusal(FeedbackFixture.essay) == nil, "an essay that quotes the prompt's words is not a copy")
    }
}
