import Feedback
import Practice
import Scorer

/// The one sentence a page says about how far to trust a band: the trained scorer's figures on
/// the essays it had not seen (from the model file), or plainly that a provider is unmeasured.
enum EstimateAccuracy {
    /// For a result, by who gave it and for which task.
    static func sentence(provider: String, task: FeedbackTask, model: ScorerModel? = ScorerModel.bundled) -> String {
        if provider == "offline", task.isWriting {
            guard let model else { return "BandUp's Writing estimate could not load its measured model, so this band comes from rules that have not been checked: treat it as a rough guide." }
            return writing(model.accuracy(for: task), task: task)
        }
        if provider == "offline" {
            return "BandUp's Speaking estimate has not yet been checked against examiners' bands on rated recordings, so treat it as a rough guide: it can be a band or more out."
        }
        let name = AnswerPage.providerNames[provider] ?? provider
        return "BandUp has not measured how close \(name)'s bands are to examiners' on rated essays, so treat them as a second opinion rather than a result."
    }

    /// "On 130 rated Task 2 essays it had not seen, BandUp's estimate was within half a band of the examiner's 6 times in 10…"
    static func writing(_ accuracy: ScorerModel.Accuracy, task: FeedbackTask) -> String {
        let within = Int((accuracy.withinHalf * 10).rounded()), held = Int((accuracy.rangeCoverage * 10).rounded())
        let kind = task == .task2 ? "Task 2" : "Task 1"
        return "On \(accuracy.essays) rated \(kind) essays it had not seen, BandUp's estimate was within half a band of the examiner's \(within) times in 10, and the likely range held the examiner's band \(held) times in 10."
    }
}
