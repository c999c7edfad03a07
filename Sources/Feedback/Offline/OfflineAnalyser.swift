import Foundation
import Practice

/// BandUp's own analyser: no network, deterministic, fast. It measures what can be measured
/// (length against the task's minimum, paragraphs, linking, lexical diversity, academic words,
/// repetition, spelling, common grammar slips, relevance to the prompt; for speaking, speed,
/// fillers and repetitions) and turns the measures into band estimates by explicit rules. Its
/// bands are labelled estimates: a human examiner judges much more.
public struct OfflineAnalyser: FeedbackProvider {
    public let name = "offline"
    /// Pause between streamed pieces, so a page shows feedback arriving (0 in tests).
    public let pause: Duration

    public init(pause: Duration = .zero) { self.pause = pause }

    /// A recording with no transcript is not assessed: the analyser reads words, and a band 0 for
    /// an answer it cannot hear would be wrong (the job fails with a clear message instead).
    public func assess(_ request: FeedbackRequest) -> AsyncThrowingStream<FeedbackEvent, any Error> {
        if request.audioKey != nil, request.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return AsyncThrowingStream { $0.finish(throwing: ProviderError(.rejected, Self.needsTranscript)) }
        }
        let result = analyse(request)
        let pause = pause
        return AsyncThrowingStream { continuation in
            let task = Task {
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
        var pieces: [String] = []
        for criterion in result.criteria {
            pieces.append("\(criterion.criterion.displayName): " + (criterion.band.map { "about band \(BandScore($0)?.description ?? String($0))" } ?? "not assessed") + ". ")
            pieces += criterion.comment.split(separator: " ", omittingEmptySubsequences: false).chunked(6).map { $0.joined(separator: " ") + " " }
            pieces.append("\n")
        }
        if !result.strengths.isEmpty { pieces.append("What went well: " + result.strengths.joined(separator: " ") + "\n") }
        if !result.improvements.isEmpty { pieces.append("What to do next: " + result.improvements.joined(separator: " ") + "\n") }
        return pieces
    }

    /// The whole assessment at once.
    public func analyse(_ request: FeedbackRequest) -> FeedbackResult {
        let text = TextMeasures(request.text)
        let features = Features(request: request, text: text)
        var criteria: [FeedbackResult.CriterionBand]
        if text.wordCount == 0 {
            criteria = request.task.criteria.map { .init(criterion: $0, band: $0 == .pronunciation ? nil : 0, comment: "There is no answer to assess.") }
        } else if text.wordCount <= 20 {
            criteria = request.task.criteria.map { criterion in
                .init(criterion: criterion, band: criterion == .pronunciation ? nil : 1,
                      comment: "With \(text.wordCount) words there is too little to assess: the band descriptors give Band 1 to 20 words or fewer.")
            }
        } else {
            criteria = request.task.criteria.map { features.band(for: $0) }
        }
        return FeedbackResult(criteria: criteria, strengths: features.strengths, improvements: features.improvements,
                              annotations: text.wordCount > 20 ? LanguageChecks.annotations(request.text, known: LanguageChecks.knownWords(request)) : [],
                              provider: name, isEstimate: true, measures: features.measures)
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
