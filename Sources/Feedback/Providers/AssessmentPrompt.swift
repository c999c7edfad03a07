import Foundation

/// What BandUp asks a language model, and how it reads the answer: feedback for the learner in
/// plain text (streamed as it is written), then a line `---RESULT---` and a JSON object with the
/// bands, strengths, improvements and sentence annotations.
enum AssessmentPrompt {
    static let marker = "---RESULT---"

    static func system(for task: FeedbackTask, hasAudio: Bool) -> String {
        let criteria = task.criteria.filter { hasAudio || $0 != .pronunciation }
        return """
            You are an experienced IELTS examiner giving feedback to a learner on \(task.displayName). Assess strictly by the public \
            IELTS band descriptors for \(criteria.map(\.displayName).joined(separator: ", ")). \
            \(task.isWriting ? "An answer under \(task.minimumWords) words loses marks for \(task == .task2 ? "Task Response" : "Task Achievement"); 20 words or fewer is Band 1." : "")
            \(task.isSpeaking && !hasAudio ? "You have only a transcript: do not assess pronunciation." : "")
            First write your feedback for the learner in plain English: a short paragraph per criterion, then what went well and what \
            to do next. Address the learner as "you". Then write a line containing only \(marker) followed by one JSON object:
            {"criteria": [{"criterion": one of \(criteria.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), "band": a number from 0 to 9 in half bands, "comment": one sentence}],
             "strengths": [short sentences], "improvements": [short sentences],
             "annotations": [{"sentence": a sentence copied exactly from the learner's text, "problem": what is wrong, "suggestion": the corrected sentence}]}
            Give at most 8 annotations. Write nothing after the JSON.
            """
    }

    static func user(_ request: FeedbackRequest) -> String {
        var text = "The task (\(request.task.displayName)): \(request.promptTitle)\n\(request.prompt)\n\n"
        if let seconds = request.seconds { text += "The answer took \(Int(seconds)) seconds.\n" }
        text += (request.task.isWriting ? "The learner's essay:\n" : "The transcript of the learner's answer:\n") + request.text
        return text
    }

    /// Splits streamed model text into what the learner reads now and what is held back because it
    /// may be the start of the marker.
    struct Splitter {
        private(set) var prose = ""
        private(set) var json = ""
        private var pending = ""
        private(set) var sawMarker = false

        /// Adds model text; returns the prose that can be shown now.
        mutating func add(_ text: String) -> String {
            if sawMarker {
                json += text
                return ""
            }
            pending += text
            if let range = pending.range(of: AssessmentPrompt.marker) {
                let shown = String(pending[..<range.lowerBound])
                json = String(pending[range.upperBound...])
                pending = ""
                sawMarker = true
                prose += shown
                return shown
            }
            // Keep back what could be the beginning of the marker.
            var keep = 0
            for length in stride(from: min(AssessmentPrompt.marker.count - 1, pending.count), through: 1, by: -1)
            where AssessmentPrompt.marker.hasPrefix(String(pending.suffix(length))) {
                keep = length
                break
            }
            let shown = String(pending.dropLast(keep))
            pending = String(pending.suffix(keep))
            prose += shown
            return shown
        }
    }

    /// The result from the JSON after the marker.
    static func result(json: String, task: FeedbackTask, provider: String, hasAudio: Bool) throws(ProviderError) -> FeedbackResult {
        struct Answer: Decodable {
            struct Band: Decodable { let criterion: String; let band: Double?; let comment: String? }
            let criteria: [Band]
            let strengths: [String]?
            let improvements: [String]?
            let annotations: [FeedbackResult.Annotation]?
        }
        var text = json.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("```") { text = String(text.drop { $0 != "\n" }).trimmingCharacters(in: .whitespacesAndNewlines) }
        if text.hasSuffix("```") { text = String(text.dropLast(3)) }
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"),
              let answer = try? JSONDecoder().decode(Answer.self, from: Data(text[start...end].utf8)) else {
            throw ProviderError(.malformed, "\(provider) did not send the result in the expected form")
        }
        var criteria: [FeedbackResult.CriterionBand] = []
        for criterion in task.criteria {
            if criterion == .pronunciation, !hasAudio {
                criteria.append(.init(criterion: criterion, band: nil, comment: "Not assessed: there was no recording to listen to."))
                continue
            }
            guard let given = answer.criteria.first(where: { $0.criterion == criterion.rawValue }), let band = given.band, (0...9).contains(band) else {
                throw ProviderError(.malformed, "\(provider) gave no band for \(criterion.displayName)")
            }
            criteria.append(.init(criterion: criterion, band: (band * 2).rounded() / 2, comment: given.comment ?? ""))
        }
        return FeedbackResult(criteria: criteria, strengths: answer.strengths ?? [], improvements: answer.improvements ?? [],
                              annotations: Array((answer.annotations ?? []).prefix(12)), provider: provider, isEstimate: false)
    }
}
