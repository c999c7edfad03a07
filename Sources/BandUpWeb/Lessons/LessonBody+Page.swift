import Content
import Practice
import Templates

/// A lesson body as `lessons/body.html` reads it: HTML parts and question groups, each group with
/// the learner's answers and marks when they have just checked it.
extension LessonBody {
    /// One group the learner has answered: its index in the body, the values by question number,
    /// and the marks.
    struct Answered {
        let group: Int
        let answers: [Int: [String]]
        let marks: [QuestionMark]
    }

    func templateValue(answered: Answered? = nil) -> TemplateValue {
        var groupIndex = 0
        return .array(parts.map { part in
            switch part {
            case .html(let html):
                return .dictionary(["kind": "html", "html": .html(html)])
            case .questions(let group):
                defer { groupIndex += 1 }
                let mine = answered?.group == groupIndex ? answered : nil
                return .dictionary(["kind": "questions", "group": group.templateValue(index: groupIndex, given: mine?.answers ?? [:], marks: mine?.marks)])
            case .section, .audio:
                return .dictionary(["kind": "none"])  // tests only; their pages render these themselves
            }
        })
    }
}

extension QuestionGroup {
    /// The group for `lessons/questions.html`: the learner's values by question number, the marks
    /// when they have been marked, and the questions flagged for review (tests).
    func templateValue(index: Int, given: [Int: [String]], marks: [QuestionMark]?, flags: Set<Int> = []) -> TemplateValue {
        let marked = marks
        let marks = Dictionary(uniqueKeysWithValues: (marks ?? []).map { ($0.number, $0) })
        let showsList = !options.isEmpty && !lettersOnly && type.family != .multipleChoice
        return .dictionary([
            "id": .string("questions-\(index + 1)"),
            "index": .int(index),
            "heading": .string(heading),
            "title": title.map { .string($0) } ?? .null,
            "type": .string(type.displayName),
            "instructions": .string(instructions),
            "showsList": .bool(showsList),
            "listTitle": .string(type == .matchingHeadings ? "List of headings" : type.family == .completion ? "Word list" : "List of options"),
            "options": .array(options.map { .dictionary(["label": .string($0.label), "text": .string($0.text)]) }),
            "marked": .bool(marked != nil),
            "score": .int(marked?.reduce(0) { $0 + $1.marks } ?? 0),
            "outOf": .int(totalMarks),
            "questions": .array(questions.map { question in
                questionValue(question, given: given[question.number] ?? [], mark: marks[question.number], flagged: flags.contains(question.number))
            }),
        ])
    }

    private func questionValue(_ question: Question, given: [String], mark: QuestionMark?, flagged: Bool) -> TemplateValue {
        let choices = choices(for: question)
        let input: String = choices.isEmpty ? "text" : question.marks > 1 ? "checkbox" : (type.family == .matching || type.family == .completion) ? "select" : "radio"
        let chosen = Set(given.map { $0.lowercased() })
        let gap = question.gap
        return .dictionary([
            "id": .string("q\(question.number)"),
            "name": .string("q\(question.number)"),
            "number": .int(question.number),
            "numbers": .string(question.numbers),
            "choose": .string(WordLimit.spelled(question.marks)),
            "prompt": .string(question.prompt),
            "before": .string(gap?.before ?? question.prompt),
            "after": .string(gap?.after ?? ""),
            "input": .string(input),
            "value": .string(given.first ?? ""),
            "maxWords": .int(wordLimit?.words ?? 0),
            "choices": .array(choices.map { option in
                .dictionary(["label": .string(option.label), "text": .string(option.text), "showsText": .bool(option.text != option.label),
                             "checked": .bool(chosen.contains(option.label.lowercased()))])
            }),
            "key": .string(keyText(question, choices)),
            "explanation": .string(question.explanation),
            "evidence": question.evidence.map { .string($0) } ?? .null,
            "flagged": .bool(flagged),
            "answered": .bool(given.contains { !$0.trimmed.isEmpty }),
            "mark": mark.map { mark in
                .dictionary([
                    "verdict": .string(mark.verdict.rawValue),
                    "label": .string(Self.verdictLabel(mark)),
                    "note": mark.note.map { .string($0) } ?? .null,
                ])
            } ?? .null,
        ])
    }

    /// The key as a results line shows it: "B (a library)", "B and D", "(the) library".
    private func keyText(_ question: Question, _ choices: [Option]) -> String {
        switch question.key {
        case .option(let label):
            guard let option = choices.first(where: { $0.label == label }), option.text != label else { return label }
            return "\(label) (\(option.text))"
        default:
            return question.key.display
        }
    }

    static func verdictLabel(_ mark: QuestionMark) -> String {
        switch mark.verdict {
        case .correct: "Correct."
        case .partlyCorrect: "Partly right: \(mark.marks) of \(mark.outOf)."
        case .wrong: "Not this time."
        case .unanswered: "Not answered."
        }
    }
}
