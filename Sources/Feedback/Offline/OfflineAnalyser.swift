import Foundation
import Practice
import Scorer
import Speech

/// BandUp's own analyser: no network, deterministic, fast. It measures what can be measured
/// (length against the task's minimum, paragraphs, cohesive devices, lexical diversity and
/// sophistication, spelling through Hunspell, grammar slips, relevance to the prompt; for
/// speaking, speed, fillers and repetitions). A Writing band comes from the trained scorer
/// (`ScorerModel`, measured on essays it had not seen) with its 80% range; comments come from
/// rules over the same measures. Its bands are labelled estimates, never an examiner's words.
public struct OfflineAnalyser: FeedbackProvider {
    /// Where the bands come from: the trained scorer, or the original rules (the baseline).
    public enum Bands: Sendable { case model, rules }

    public let name = "offline"
    /// Pause between streamed pieces, so a page shows feedback arriving (0 in tests).
    public let pause: Duration
    public let bands: Bands
    let model: ScorerModel?
    /// Hears Speaking recordings (nil: the analyser reads only typed transcripts).
    let listener: (any AnswerListener)?

    public init(pause: Duration = .zero, bands: Bands = .model, model: ScorerModel? = ScorerModel.bundled, listener: (any AnswerListener)? = nil) {
        self.pause = pause
        self.bands = bands
        self.model = model
        self.listener = listener
    }

    /// Whether a recording alone is enough (the analyser can listen to it).
    public var listens: Bool { listener != nil }

    /// A Speaking answer's recording is listened to when the analyser has a listener: its words
    /// are assessed when no transcript was typed, and its timings give the fluency measures. A
    /// recording it cannot hear, with no transcript, is not assessed: a band for an answer it
    /// cannot hear would be wrong (the job fails with a clear message instead).
    public func assess(_ request: FeedbackRequest) -> AsyncThrowingStream<FeedbackEvent, any Error> {
        let typed = request.hasText
        if request.audioKey != nil, !typed, listener == nil {
            return AsyncThrowingStream { $0.finish(throwing: ProviderError(.rejected, Self.needsTranscript)) }
        }
        let pause = pause
        return AsyncThrowingStream { continuation in
            let task = Task {
                var heard: RecognisedSpeech?
                if request.task.isSpeaking, let key = request.audioKey, let listener {
                    continuation.yield(.status("Listening to your recording…"))
                    do {
                        heard = try await listener.listen(toRecordingAt: key)
                    } catch {
                        if !typed {
                            continuation.finish(throwing: ProviderError(.rejected, "BandUp could not listen to the recording (\(error)): type what you said and send it again"))
                            return
                        }
                    }
                }
                let result = analyse(request, heard: heard)
                continuation.yield(.status("Reading your \(request.task.isWriting ? "writing" : "answer")…"))
                for piece in Self.narrative(result) {
                    if pause > .zero { try? await Task.sleep(for: pause) }
                    if Task.isCancelled { break }
                    continuation.yield(.text(piece))
                }
                continuation.yield(.result(result))
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static let needsTranscript = "the examiner that listens to recordings was not available, and BandUp's offline analyser needs the words: send the answer again with a transcript"

    /// The feedback as it is streamed: a line per criterion, then what went well and what to do next.
    static func narrative(_ result: FeedbackResult) -> [String] {
        if let refusal = result.refusal { return ["No band for this answer: ", refusal, "\n"] }
        var pieces: [String] = []
        if let low = result.low, let high = result.high, low < high {
            pieces.append("Estimated band \(BandScore(result.band)?.description ?? String(result.band)), likely \(BandScore(low)?.description ?? "")-\(BandScore(high)?.description ?? ""). ")
            pieces.append("\n")
        }
        for criterion in result.criteria {
            pieces.append("\(criterion.criterion.displayName): " + (criterion.band.map { "about band \(BandScore($0)?.description ?? String($0))" } ?? "not assessed") + ". ")
            pieces += criterion.comment.split(separator: " ", omittingEmptySubsequences: false).chunked(6).map { $0.joined(separator: " ") + " " }
            pieces.append("\n")
        }
        if !result.strengths.isEmpty { pieces.append("What went well: " + result.strengths.joined(separator: " ") + "\n") }
        if !result.improvements.isEmpty { pieces.append("What to do next: " + result.improvements.joined(separator: " ") + "\n") }
        return pieces
    }

    /// The whole assessment at once; `heard` is what the recogniser heard in the recording.
    public func analyse(_ original: FeedbackRequest, heard: RecognisedSpeech? = nil) -> FeedbackResult {
        let typed = original.hasText
        var request = original
        if !typed, let heard { request = original.reading(heard.units.joined(separator: "\n"), seconds: original.seconds ?? heard.duration) }
        let essay = EssayFeatures(task: request.task, prompt: request.prompt, essay: request.text, keywords: request.keywords)
        let rules = RuleFeedback(request: request, essay: essay, fluency: heard.map(FluencyMeasures.init))
        let answerHeard = heard.map { HeardAnswer(words: $0.words, assessed: !typed) }
        let words = essay.text.wordCount
        func result(_ criteria: [FeedbackResult.CriterionBand], band: Double? = nil, low: Double? = nil, high: Double? = nil, refusal: String? = nil) -> FeedbackResult {
            FeedbackResult(criteria: criteria, band: band, strengths: refusal == nil ? rules.strengths : [], improvements: refusal == nil ? rules.improvements : [],
                           annotations: words > 20 ? LanguageNotes.annotations(essay) : [],
                           provider: name, isEstimate: true, measures: rules.measures, low: low, high: high, refusal: refusal, heard: answerHeard)
        }
        if words == 0 {
            return result(request.task.criteria.map { .init(criterion: $0, band: $0 == .pronunciation ? nil : 0, comment: "There is no answer to assess.") })
        }
        if request.task.isWriting, let refusal = ScoreRefusal.check(essay, prompt: request.prompt) {
            return result(request.task.criteria.map { .init(criterion: $0, band: nil, comment: refusal.description) }, band: 0, refusal: refusal.description)
        }
        if request.task.isSpeaking, words <= 20 {
            return result(request.task.criteria.map { criterion in
                .init(criterion: criterion, band: criterion == .pronunciation ? nil : 1,
                      comment: "With \(words) words there is too little to assess: the band descriptors give Band 1 to 20 words or fewer.")
            })
        }
        let ruled = request.task.criteria.map { rules.band(for: $0) }
        guard request.task.isWriting, bands == .model, let model, let estimate = model.estimate(essay) else { return result(ruled) }
        let criteria = zip(ruled, estimate.criteria).map { rule, band in
            FeedbackResult.CriterionBand(criterion: rule.criterion, band: band, comment: rule.comment)
        }
        return result(criteria, band: estimate.band, low: estimate.low, high: estimate.high)
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
