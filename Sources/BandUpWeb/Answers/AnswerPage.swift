import Content
import Feedback
import Foundation
import Practice
import Scorer
import Templates

/// What `answers/show.html` reads: the answer (with its annotated sentences marked), the state of
/// its feedback, and once assessed the bands for each criterion, the task band, strengths,
/// improvements, the annotations and the measures.
struct AnswerPage {
    let attempt: FeedbackAttempt

    static func base(_ id: UUID) -> String { "/answers/\(id.uuidString.lowercased())" }

    /// Where the learner writes or records an answer to this prompt.
    static func taskPath(_ attempt: FeedbackAttempt) -> String {
        "/\(attempt.task.isWriting ? "writing" : "speaking")/\(attempt.promptSlug)"
    }

    /// A row of the learner's history.
    static func listing(_ attempt: FeedbackAttempt) -> TemplateValue {
        .dictionary([
            "href": .string(base(attempt.id)), "title": .string(attempt.promptTitle), "task": .string(attempt.task.displayName),
            "state": .string(stateLabel(attempt.state)), "band": attempt.result.map { .string(BandScore($0.band)?.description ?? String($0.band)) } ?? .null,
            "submitted": attempt.submittedAt.map { .date($0) } ?? .null,
            "estimate": .bool(attempt.result?.isEstimate == true),
        ])
    }

    static func stateLabel(_ state: FeedbackAttempt.State) -> String {
        switch state {
        case .draft: "draft"
        case .queued: "waiting for feedback"
        case .complete: "assessed"
        case .failed: "not assessed"
        }
    }

    static let providerNames = ["offline": "BandUp's offline analyser", "gemini": "Gemini", "bedrock": "Amazon Bedrock"]

    /// Measures worth showing, in order, with their labels.
    static let measureLabels: [(key: String, label: String)] = [
        ("words", "Words"), ("minimum", "Minimum words"), ("paragraphs", "Paragraphs"), ("sentences", "Sentences"),
        ("wordsPerMinute", "Words per minute"), ("articulationRate", "Words per minute while speaking (pauses left out)"),
        ("pauseRatio", "Time in pauses (%)"), ("longPauses", "Pauses of a second or more"), ("meanLengthOfRun", "Words between pauses (mean)"),
        ("fillers", "Fillers (um, er, you know)"), ("repetitions", "Repeated words"),
        ("selfCorrections", "Self-corrections"), ("linkers", "Linking words"), ("mtld", "Lexical diversity (MTLD)"),
        ("misspelt", "Possible misspellings"), ("relevance", "Relevance to the prompt (%)"),
    ]

    var values: [String: TemplateValue] {
        let result = attempt.result
        let annotations = result?.annotations ?? []
        let assessed = Self.assessedText(attempt)
        let text = AnnotatedText(assessed, annotations: annotations)
        var page: [String: TemplateValue] = [
            "attempt": .dictionary([
                "id": .string(attempt.id.uuidString.lowercased()), "base": .string(Self.base(attempt.id)), "events": .string(Self.base(attempt.id) + "/events"),
                "task": .string(attempt.task.displayName), "isWriting": .bool(attempt.task.isWriting),
                "promptTitle": .string(attempt.promptTitle), "promptText": .string(attempt.promptText),
                "taskPath": .string(Self.taskPath(attempt)),
                "state": .string(attempt.state.rawValue), "stateLabel": .string(Self.stateLabel(attempt.state)),
                "waiting": .bool(attempt.state == .queued), "failed": .bool(attempt.state == .failed),
                "delayed": .bool(attempt.delayed), "failure": attempt.failure.map { .string($0) } ?? .null,
                "submitted": attempt.submittedAt.map { .date($0) } ?? .null,
                "words": .int(assessed.split(whereSeparator: \.isWhitespace).count),
                "paragraphs": text.templateValue,
                "recording": attempt.audioKey != nil ? .string(Self.base(attempt.id) + "/recording") : .null,
                "seconds": attempt.seconds.map { .int(Int($0)) } ?? .null,
                "paidAllowed": .bool(attempt.paidAllowed),
            ]),
            "feedback": attempt.feedback.map { .string($0) } ?? .null,
            "result": .null, "annotations": .array([]), "measures": .array([]),
            "heard": attempt.result?.heard.map { Self.heardValue($0, attempt: attempt) } ?? .null,
        ]
        guard let result else { return page }
        func band(_ value: Double) -> String { BandScore(value)?.description ?? String(value) }
        let ranged = result.low.flatMap { low in result.high.map { (low, $0) } }.flatMap { $0.0 < $0.1 ? $0 : nil }
        page["result"] = .dictionary([
            "band": .string(band(result.band)),
            "refusal": result.refusal.map { .string($0) } ?? .null,
            "range": ranged.map { .string("\(band($0.0))-\(band($0.1))") } ?? .null,
            "accuracy": .string(EstimateAccuracy.sentence(provider: result.provider, task: attempt.task)),
            "machineCriteria": .bool(result.isEstimate && attempt.task.isWriting),
            "notesTitle": .string(result.isEstimate ? "The analyser's notes in full" : "\(Self.providerNames[result.provider] ?? result.provider)'s feedback in full"),
            "provider": .string(Self.providerNames[result.provider] ?? result.provider),
            "isEstimate": .bool(result.isEstimate),
            "criteria": .array(result.criteria.map { band in
                .dictionary(["name": .string(band.criterion.displayName),
                             "band": band.band.map { .string(BandScore($0)?.description ?? String($0)) } ?? .null,
                             "comment": .string(band.comment), "evidence": band.evidence.map { .string($0) } ?? .null])
            }),
            "strengths": .array(result.strengths.map { .string($0) }),
            "improvements": .array(result.improvements.map { .string($0) }),
        ])
        page["annotations"] = .array(annotations.enumerated().map { index, note in
            .dictionary(["number": .int(index + 1), "sentence": .string(note.sentence), "problem": .string(note.problem),
                         "suggestion": .string(note.suggestion), "inText": .bool(text.placed.contains(index + 1))])
        })
        page["measures"] = .array(Self.measureLabels.compactMap { item in
            result.measures[item.key].map { .dictionary(["label": .string(item.label), "value": .string(PromptChart.number($0))]) }
        })
        return page
    }
}
