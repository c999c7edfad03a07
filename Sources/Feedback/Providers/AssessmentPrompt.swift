import Practice
import Foundation

/// What BandUp asks a language model, and how it checks the answer: one JSON object (constrained
/// by ``schema(criteria:)``) whose `feedback` prose streams to the learner first, then the bands,
/// strengths, improvements and sentence annotations.
enum AssessmentPrompt {
    /// The answer for `criteria`: prose first, then the bands, strengths, improvements and
    /// annotations quoting the learner's sentences.
    static func schema(criteria: [Criterion]) -> AnswerSchema {
        .object([
            ("feedback", .string(description: "Feedback for the learner in plain English, addressed as you: a short paragraph per criterion, then what went well and what to do next.")),
            ("criteria", .array(.object([
                ("criterion", .string(description: "The criterion.", allowed: criteria.map(\.rawValue))),
                ("band", .number(description: "The band, 0 to 9 in steps of 0.5.", minimum: 0, maximum: 9)),
                ("comment", .string(description: "One sentence explaining the band by the descriptors.")),
                ("evidence", .string(description: "A few words copied exactly from the learner's text that show this band (empty if none).")),
            ]))),
            ("strengths", .array(.string(description: "Something the learner did well, in one short sentence."), maxItems: 5)),
            ("improvements", .array(.string(description: "A concrete next step, in one short sentence."), maxItems: 5)),
            ("annotations", .array(.object([
                ("sentence", .string(description: "A sentence copied exactly from the learner's text.")),
                ("problem", .string(description: "What is wrong with it.")),
                ("suggestion", .string(description: "The sentence rewritten correctly.")),
            ]), maxItems: 8)),
        ], description: "An IELTS examiner's assessment.")
    }

    /// An assessment by a language model: the request built from the task, the recording sent
    /// when the model hears audio (`recording` reads it), the `feedback` prose streamed as it is
    /// written, and the checked result at the end.
    static func assess(_ request: FeedbackRequest, with model: some LanguageModel,
                       recording: (@Sendable (String) async throws -> (bytes: [UInt8], type: String)?)?) -> AsyncThrowingStream<FeedbackEvent, any Error> {
        model.stream { sawText, yield in
            var audio: (bytes: [UInt8], type: String)?
            if let recording, let key = request.audioKey { audio = try await recording(key) }
            let hasAudio = audio != nil
            let criteria = criteria(for: request.task, hasAudio: hasAudio)
            let asked = ModelRequest(system: system(for: request.task, hasAudio: hasAudio), user: user(request), audio: audio,
                                     schema: schema(criteria: criteria), tool: ("record_assessment", "Record the assessment of the learner's answer."))
            var answer = StreamedField("feedback")
            let usage = try await model.generate(asked) { piece in
                sawText()
                let shown = answer.add(piece)
                if !shown.isEmpty { yield(.text(shown)) }
            }
            return .result(try result(json: answer.json, request: request, provider: model.name, hasAudio: hasAudio, usage: usage))
        }
    }

    /// The criteria a model is asked to band: pronunciation only when it can hear the recording.
    static func criteria(for task: FeedbackTask, hasAudio: Bool) -> [Criterion] {
        task.criteria.filter { hasAudio || $0 != .pronunciation }
    }

    /// The system instruction: the public band descriptors in brief, paraphrased.
    static func system(for task: FeedbackTask, hasAudio: Bool) -> String {
        let criteria = criteria(for: task, hasAudio: hasAudio)
        var lines = [
            "You are an experienced IELTS examiner giving feedback to a learner on \(task.displayName).",
            "Band strictly by the public IELTS band descriptors for \(criteria.map(\.displayName).joined(separator: ", ")), in half bands from 0 to 9.",
        ]
        lines += criteria.map { "- \($0.displayName): \(descriptor(of: $0))" }
        if task.isWriting {
            let response = task == .task2 ? "Task Response" : "Task Achievement"
            lines.append("An answer under \(task.minimumWords) words loses marks for \(response); an answer of 20 words or fewer is Band 1 on every criterion. Do not refuse short answers: band them.")
            lines.append("Bands of 7 and above need an answer that covers every part of the task with well-developed ideas.")
        } else if !hasAudio {
            lines.append("You have only a transcript, so do not assess pronunciation.")
        } else {
            lines.append("Listen to the recording for pronunciation: individual sounds, word and sentence stress, intonation and how easy it is to understand.")
        }
        lines.append("For each criterion give the band the descriptors support, one sentence saying why, and as evidence a few words copied exactly from the learner's text.")
        lines.append("Answer with one JSON object. Write `feedback` first: a short paragraph per criterion addressed to the learner as \"you\", then what went well and what to do next. Each annotation's `sentence` must be copied exactly from the learner's text.")
        return lines.joined(separator: "\n")
    }

    /// The descriptors, paraphrased from the public versions: what the criterion covers, then
    /// what separates bands 5 to 9.
    static func descriptor(of criterion: Criterion) -> String {
        switch criterion {
        case .taskAchievement:
            "covers the requirements of the task: an overview of main trends or a clear purpose and tone, key features selected and supported with accurate detail. "
                + "5: details recounted mechanically, no clear overview, key features not adequately covered. 6: an overview with information appropriately selected, some details irrelevant or inaccurate. "
                + "7: a clear overview of main trends, key features clearly presented and highlighted. 8: all requirements covered sufficiently, key features well illustrated. 9: all requirements fully satisfied."
        case .taskResponse:
            "addresses every part of the question with a clear position kept throughout, main ideas extended and supported. "
                + "5: only partly addresses the task, the position unclear, ideas limited and not well developed. 6: all parts addressed though some more fully than others, a relevant position, some ideas unclear or under-supported. "
                + "7: all parts addressed, a clear position throughout, main ideas extended and supported though some may over-generalise. 8: all parts sufficiently addressed, ideas relevant, extended and well supported. 9: fully developed, fully addressed."
        case .coherenceCohesion:
            "information and ideas in a logical order, clear paragraphs, a range of linking devices used accurately and not mechanically, clear reference. "
                + "5: some organisation but not always logical, linking inadequate, inaccurate or overused, paragraphing inadequate. 6: coherent overall, linking effective but faulty or mechanical within or between sentences. "
                + "7: logically organised with clear progression, a range of linking devices with some under- or over-use. 8: sequenced logically, cohesion managed well, paragraphing sufficient and appropriate. 9: cohesion attracts no attention."
        case .lexicalResource:
            "range and precision of vocabulary, natural collocation, less common words, accuracy of word choice, spelling and word formation. "
                + "5: limited range, noticeable errors in spelling or word formation that may cause difficulty. 6: adequate range, attempts less common vocabulary with some inaccuracy, errors that do not impede communication. "
                + "7: sufficient range for flexibility and precision, less common items with awareness of style and collocation, occasional errors. 8: a wide range used fluently and flexibly, rare errors. 9: full flexibility, errors only as slips."
        case .grammaticalRange:
            "a range of simple and complex structures, the proportion of error-free sentences, control of punctuation. "
                + "5: limited range, complex sentences attempted but less accurate than simple ones, frequent errors. 6: a mix of simple and complex forms, some errors that rarely reduce communication. "
                + "7: a variety of complex structures, frequent error-free sentences, a few errors. 8: a wide range, the majority of sentences error-free. 9: a wide range with full flexibility and accuracy."
        case .fluencyCoherence:
            "speaking at length without noticeable effort, hesitation and self-correction, ideas linked with a range of connectives and discourse markers. "
                + "5: usually keeps going but relies on repetition, self-correction or slow speech, overuses some connectives. 6: willing to speak at length, some loss of coherence from repetition, self-correction or hesitation. "
                + "7: speaks at length without noticeable effort, some hesitation or repetition, a range of connectives used flexibly. 8: fluent with only occasional, content-related hesitation. 9: fluent, coherent, fully developed."
        case .pronunciation:
            "a range of pronunciation features, control of stress, rhythm and intonation, and how easily the speaker is understood. "
                + "5: some features controlled, mispronunciations reduce clarity at times. 6: a range of features with mixed control, generally understood though some words are mispronounced. "
                + "7: most features of 8 and some of 6. 8: a wide range of features, sustained control, easy to understand, accent has minimal effect. 9: the full range, effortless to understand."
        }
    }

    static func user(_ request: FeedbackRequest) -> String {
        var text = "The task (\(request.task.displayName)): \(request.promptTitle)\n\(request.prompt)\n\n"
        if let seconds = request.seconds { text += "The answer took \(Int(seconds)) seconds.\n" }
        text += (request.task.isWriting ? "The learner's essay:\n" : "The transcript of the learner's answer:\n") + request.text
        return text
    }

    /// The checked result from the model's complete JSON: every criterion banded in half bands
    /// from 0 to 9; annotations kept only when they quote a sentence that is in the learner's text.
    static func result(json: String, request: FeedbackRequest, provider: String, hasAudio: Bool, usage: TokenUsage?) throws(ProviderError) -> FeedbackResult {
        struct Answer: Decodable {
            struct Band: Decodable { let criterion: String; let band: Double?; let comment: String?; let evidence: String? }
            let criteria: [Band]
            let strengths: [String]?
            let improvements: [String]?
            let annotations: [FeedbackResult.Annotation]?
        }
        var text = json.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("```") { text = String(text.drop { $0 != "\n" }) }
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"),
              let answer = try? JSONDecoder().decode(Answer.self, from: Data(text[start...end].utf8)) else {
            throw ProviderError(.malformed, "\(provider) did not send the result in the expected form")
        }
        var criteria: [FeedbackResult.CriterionBand] = []
        for criterion in request.task.criteria {
            if criterion == .pronunciation, !hasAudio {
                criteria.append(.init(criterion: criterion, band: nil, comment: "Not assessed: there was no recording to listen to."))
                continue
            }
            guard let given = answer.criteria.first(where: { $0.criterion == criterion.rawValue }), let band = given.band else {
                throw ProviderError(.malformed, "\(provider) gave no band for \(criterion.displayName)")
            }
            guard (0...9).contains(band), (band * 2).rounded() == band * 2 else {
                throw ProviderError(.malformed, "\(provider) gave \(criterion.displayName) the band \(band), which is not a half band from 0 to 9")
            }
            // Evidence is kept only when the learner really wrote it.
            let evidence = given.evidence.flatMap { quote in normalised(quote).isEmpty || !normalised(request.text).contains(normalised(quote)) ? nil : quote }
            criteria.append(.init(criterion: criterion, band: band, comment: given.comment ?? "", evidence: evidence))
        }
        let essay = normalised(request.text)
        let quoted = (answer.annotations ?? []).filter { !$0.sentence.isEmpty && essay.contains(normalised($0.sentence)) }
        return FeedbackResult(criteria: criteria, strengths: answer.strengths ?? [], improvements: answer.improvements ?? [],
                              annotations: Array(quoted.prefix(8)), provider: provider, isEstimate: false, usage: usage)
    }

    /// Runs of white space as one space, curly quotes as straight ones: how a quotation is compared.
    static func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: "[\u{2018}\u{2019}]", with: "'", options: .regularExpression)
            .replacingOccurrences(of: "[\u{201C}\u{201D}]", with: "\"", options: .regularExpression)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
