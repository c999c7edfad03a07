import Foundation

/// How one question was marked.
public struct QuestionMark: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable {
        case correct, partlyCorrect = "partly-correct", wrong, unanswered
    }

    public let number: Int
    public let marks: Int
    public let outOf: Int
    public let verdict: Verdict
    /// What the learner gave, as they gave it ("B and D", "the library").
    public let given: String
    /// Why a written answer was wrong, when that is not obvious ("over the word limit").
    public let note: String?
}

extension QuestionGroup {
    /// Marks `question` against the learner's values (one for a written answer or a single choice;
    /// several for "choose TWO").
    public func mark(_ question: Question, given values: [String]) -> QuestionMark {
        let values = values.map(\.trimmed).filter { !$0.isEmpty }
        func result(_ marks: Int, note: String? = nil) -> QuestionMark {
            let verdict: QuestionMark.Verdict = values.isEmpty ? .unanswered : marks == question.marks ? .correct : marks > 0 ? .partlyCorrect : .wrong
            return QuestionMark(number: question.number, marks: marks, outOf: question.marks, verdict: verdict,
                                given: values.joined(separator: " and "), note: note)
        }
        guard !values.isEmpty else { return result(0) }
        switch question.key {
        case .option(let label):
            return result(resolve(values[0], for: question) == label ? 1 : 0)
        case .options(let labels):
            let chosen = Set(values.flatMap(Self.letters).compactMap { resolve($0, for: question) })
            let extra = max(0, chosen.count - question.marks)
            return result(max(0, chosen.intersection(labels).count - extra),
                          note: extra > 0 ? "More letters than the question asks for cost a mark each." : nil)
        case .text(let accepted, _):
            if let limit = wordLimit, !limit.permits(values[0]) {
                return result(0, note: "Over the word limit (\(limit.instruction)).")
            }
            return result(accepted.contains(AnswerText.normalized(values[0])) ? 1 : 0)
        }
    }

    /// `B, D` or `BD` typed into one box → ["B", "D"]; a single option's text stays whole.
    static func letters(_ value: String) -> [String] {
        let parts = value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "&" || $0 == "/" }).map(String.init).filter { $0.lowercased() != "and" }
        if parts.count > 1, parts.allSatisfy({ $0.count <= 2 }) { return parts }
        if value.count <= 4, value.allSatisfy(\.isLetter), value == value.uppercased(), value.count > 1 { return value.map(String.init) }
        return [value]
    }

    /// The label a learner's value names: the label itself (any case), a judgement's short form,
    /// or an option's text.
    func resolve(_ value: String, for question: Question) -> String? {
        let wanted = AnswerText.normalized(value)
        let choices = choices(for: question)
        if let option = choices.first(where: { AnswerText.normalized($0.label) == wanted }) { return option.label }
        if let judgement = type.judgements.first(where: { AnswerText.normalized($0.shortForm) == wanted }) { return judgement.label }
        if !lettersOnly, let option = choices.first(where: { AnswerText.normalized($0.text) == wanted }) { return option.label }
        return nil
    }
}

extension QuestionGroup {
    /// Marks every question; `answers` holds the learner's values by question number.
    public func mark(answers: [Int: [String]]) -> [QuestionMark] {
        questions.map { mark($0, given: answers[$0.number] ?? []) }
    }
}
