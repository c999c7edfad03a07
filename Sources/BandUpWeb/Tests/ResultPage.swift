import Content
import Foundation
import Practice
import Templates

/// What `tests/result.html` reads: the score (a band for a whole test, a percentage for one
/// section), the time used, accuracy by question type, and every question reviewed with the
/// learner's answer, the key, the explanation and the words of the text that decide it.
struct ResultPage {
    let attempt: TestAttempt
    let test: PracticeTest
    let result: TestResult
    let now: Date

    var values: [String: TemplateValue] {
        let used = attempt.secondsUsed(now: now)
        return [
            "test": .dictionary(["title": .string(test.title), "kind": .string(test.kind.displayName), "isListening": .bool(test.kind == .listening)]),
            "result": .dictionary([
                "raw": .int(result.raw), "outOf": .int(result.outOf), "percentage": .int(result.percentage),
                "band": result.band.map { .string($0.description) } ?? .null,
                "mode": .string(attempt.mode == .exam ? "exam mode" : "practice"),
                "scope": .string(attempt.section.map { test.sections[$0].heading.title } ?? "the whole test"),
                "used": .string(AttemptPage.clock(used)),
                "submitted": attempt.submittedAt.map { .date($0) } ?? .null,
            ]),
            "types": .array(Self.accuracy(result.items).map { row in
                .dictionary(["type": .string(row.type.displayName), "marks": .int(row.marks), "outOf": .int(row.outOf), "percent": .int(row.percent)])
            }),
            "sections": .array(test.sections.enumerated().compactMap { index, section in
                guard attempt.section == nil || attempt.section == index else { return nil }
                return sectionValue(index, section)
            }),
        ]
    }

    /// The accepted answer as a learner reads it: a chosen option with its text ("C (a museum)").
    static func key(_ question: Question, in group: QuestionGroup) -> String {
        if case .option(let label) = question.key, let option = group.choices(for: question).first(where: { $0.label == label }), option.text != label {
            return "\(label) (\(option.text))"
        }
        return question.key.display
    }

    private func sectionValue(_ index: Int, _ section: TestSection) -> TemplateValue {
        var questions: [TemplateValue] = []
        for group in section.groups {
            for (question, mark) in zip(group.questions, group.mark(answers: attempt.answers)) {
                let key = Self.key(question, in: group)
                questions.append(.dictionary([
                    "numbers": .string(question.numbers), "prompt": .string(question.prompt), "type": .string(group.type.displayName),
                    "given": .string(mark.given.isEmpty ? "(no answer)" : mark.given), "key": .string(key),
                    "verdict": .string(mark.verdict.rawValue), "label": .string(QuestionGroup.verdictLabel(mark)),
                    "marks": .int(mark.marks), "outOf": .int(mark.outOf), "note": mark.note.map { .string($0) } ?? .null,
                    "explanation": .string(question.explanation), "evidence": question.evidence.map { .string($0) } ?? .null,
                ]))
            }
        }
        let items = result.items.filter { $0.section == index }
        return .dictionary([
            "title": .string(section.heading.title), "heading": section.heading.heading.map { .string($0) } ?? .null,
            "raw": .int(items.reduce(0) { $0 + $1.marks }), "outOf": .int(items.reduce(0) { $0 + $1.outOf }),
            "passage": .html(section.passage), "transcript": section.audio.map { .string($0.transcript) } ?? .null,
            "questions": .array(questions),
        ])
    }

    /// Marks by question type, in the order of the types.
    struct TypeAccuracy: Equatable {
        let type: QuestionType
        let marks: Int
        let outOf: Int
        var percent: Int { outOf == 0 ? 0 : Int((Double(marks) * 100 / Double(outOf)).rounded()) }
    }

    static func accuracy(_ items: [TestResult.Item]) -> [TypeAccuracy] {
        QuestionType.allCases.compactMap { type in
            let ofType = items.filter { $0.type == type }
            return ofType.isEmpty ? nil : TypeAccuracy(type: type, marks: ofType.reduce(0) { $0 + $1.marks }, outOf: ofType.reduce(0) { $0 + $1.outOf })
        }
    }
}
