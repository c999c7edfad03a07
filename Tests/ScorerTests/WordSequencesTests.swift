import Practice
import Testing
import TestSupport
@testable import Scorer

/// The language model's view of how words run together (Debian's pocketsphinx-en-us): a slip
/// makes a word fit its context worse than the correct form does, a jumble fits worse than the
/// sentence, and words the model does not know are counted apart.
@Suite struct WordSequencesTests {
    static func fit(_ text: String) throws -> SequenceFit {
        let sequences = try #require(WordSequences.shared, "pocketsphinx-en-us is installed")
        return sequences.fit([TextMeasures.words(in: text)])
    }

    /// A correct sentence and the same sentence with one slip a learner makes.
    static let slips: [(String, String)] = [
        ("A student who pays the fees can choose a course that suits them.", "A student who pay the fees can choose a course that suit them."),
        ("People have been living in cities for a long time.", "People has been live in city for a long time."),
        ("I am interested in learning about the history of my country.", "I am interesting on learn about history of the my country."),
        ("There are many reasons why young people move to big cities.", "There is many reason why young people moves to big city."),
        ("The government should spend more money on public transport.", "The government should spends more moneys on the public transports."),
        ("In my opinion, the advantages outweigh the disadvantages.", "In my opinion, the advantage outweigh a disadvantages."),
    ]

    @Test(arguments: slips) func aSlipFitsItsContextWorse(_ correct: String, _ slipped: String) throws {
        let good = try Self.fit(correct), bad = try Self.fit(slipped)
        #expect(good.meanGain > bad.meanGain, "\(good.meanGain) against \(bad.meanGain)")
        #expect(good.misfitShare <= bad.misfitShare, "\(good.misfitShare) against \(bad.misfitShare)")
    }

    @Test func aJumbleFitsWorseThanItsSentence() throws {
        let sentence = "Many people believe that the government should invest more money in public transport because it reduces traffic in the city centre."
        let jumble = TextMeasures.words(in: sentence).reversed().joined(separator: " ")
        let good = try Self.fit(sentence), bad = try Self.fit(jumble)
        #expect(good.meanGain > 1 && bad.meanGain < good.meanGain - 1, "\(good.meanGain) against \(bad.meanGain)")
        #expect(good.fitShare > bad.fitShare && good.worseShare < bad.worseShare)
        #expect(good.words == bad.words && good.unknown == bad.unknown)
    }

    @Test func unknownWordsAreCountedAndBreakTheContext() throws {
        let fit = try Self.fit("the goverment shuold spend monney on transprot")
        #expect(fit.words == 7 && fit.unknown >= 3, "\(fit)")
        #expect(fit.unknownShare == Double(fit.unknown) / 7)
        let none = try Self.fit("")
        #expect(none.words == 0 && none.meanGain == 0 && none.unknownShare == 0)
    }

    @Test func theEssayMeasuresCarryTheFit() throws {
        _ = try #require(WordSequences.shared)
        let essay = EssayFeatures(task: .task2, prompt: FeedbackFixture.promptText, essay: FeedbackFixture.essay)
        #expect(essay.values["lm_context_gain"] == essay.sequenceFit.meanGain && essay.sequenceFit.words >= 250)
        let without = EssayFeatures(task: .task2, prompt: FeedbackFixture.promptText, essay: FeedbackFixture.essay, sequences: nil)
        #expect(without.values["lm_context_gain"] == 0 && without.values["lm_misfit_share"] == 0)
    }
}
