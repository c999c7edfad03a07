import Feedback
import Speech
import Templates

extension AnswerPage {
    /// The text the feedback read: the learner's own, or what the recogniser heard when they typed none.
    static func assessedText(_ attempt: FeedbackAttempt) -> String {
        guard !attempt.request.hasText, let heard = attempt.result?.heard, heard.assessed else { return attempt.answer }
        return heard.speech.units.joined(separator: "\n")
    }

    /// What the recogniser heard, word by word with the unsure ones marked, for the page's
    /// "What BandUp heard" section and its correction form.
    static func heardValue(_ heard: HeardAnswer, attempt: FeedbackAttempt) -> TemplateValue {
        let words = heard.words.filter { !$0.isFiller }
        return .dictionary([
            "words": .array(words.map { .dictionary(["text": .string($0.text), "unsure": .bool($0.confidence < RecognisedSpeech.sureEnough)]) }),
            "unsure": .int(words.filter { $0.confidence < RecognisedSpeech.sureEnough }.count),
            "assessed": .bool(heard.assessed),
            "transcript": .string(heard.transcript),
            "accuracy": .string(RecognitionAccuracy.bundled?.sentence ?? "BandUp's recogniser has not been measured, so check every word."),
            "correct": .string(base(attempt.id) + "/transcript"),
        ])
    }
}
