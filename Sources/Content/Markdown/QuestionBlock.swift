import Foundation
import Practice

/// A ```` ```questions ```` block: a group of practice questions in YAML, checked the way the
/// practice tests are (a key and an explanation for every question, answers that exist among the
/// options, keys within the word limit) and numbered on from `firstNumber`.
struct QuestionBlock {
    static let groupKeys: Set<String> = ["title", "type", "instructions", "options", "words", "numbers", "letters", "questions"]
    static let questionKeys: Set<String> = ["prompt", "options", "choose", "answer", "explanation", "evidence"]

    let file: String
    /// The line of the opening fence; YAML line 1 is the line after it.
    let line: Int

    /// An error at `node`'s line, or at the block's opening fence.
    func fail(_ node: BlockYAML?, _ message: String) -> ContentError {
        ContentError(file: file, line: line + (node?.line ?? 0), message: message)
    }

    func parse(_ text: String, firstNumber: Int) throws(ContentError) -> QuestionGroup {
        let root = try BlockYAML.parse(text, file: file, line: line, what: "this questions block")
        guard case .mapping(let mapping, _)? = root else { throw fail(nil, "a questions block is `type:`, `questions:` and other `key: value` lines") }
        let fields = try self.fields(mapping, allowed: Self.groupKeys, what: "questions block")

        guard let typeNode = fields["type"] else { throw fail(nil, "a questions block needs `type:` (such as true-false-not-given)") }
        let typeName = try scalar(typeNode, "type")
        guard let type = QuestionType(rawValue: typeName) else {
            throw fail(typeNode, "unknown question type '\(typeName)' (known: \(QuestionType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let title = try fields["title"].map { node throws(ContentError) in try scalar(node, "title") }
        let optionTexts = try fields["options"].map { node throws(ContentError) in try strings(node, "options") } ?? []
        let words = try fields["words"].map { node throws(ContentError) -> Int in
            guard let count = Int(try scalar(node, "words")), (1...10).contains(count) else { throw fail(node, "'words' is a number from 1 to 10") }
            return count
        }
        let numbers = try fields["numbers"].map { node throws(ContentError) -> Bool in
            guard let flag = YAMLText.bool(node.string) else { throw fail(node, "'numbers' is true or false") }
            return flag
        } ?? false
        let letters = try fields["letters"].map { node throws(ContentError) -> [String] in
            guard let range = OptionLabels.letterRange(try scalar(node, "letters")) else { throw fail(node, "'letters' is a range such as A-H") }
            return range
        }

        // What each family allows at group level.
        switch type.family {
        case .multipleChoice, .judgement:
            for key in ["options", "words", "numbers", "letters"] where fields[key] != nil {
                throw fail(fields[key], "'\(key)' is not used by \(type.rawValue) questions" + (type.family == .multipleChoice && key == "options" ? " (each question has its own options)" : ""))
            }
        case .matching:
            for key in ["words", "numbers"] where fields[key] != nil { throw fail(fields[key], "'\(key)' is not used by \(type.rawValue) questions") }
            if letters != nil {
                guard type == .matchingInformation, fields["options"] == nil else {
                    throw fail(fields["letters"], "'letters' (paragraph letters) is for matching-information, instead of `options`")
                }
            } else {
                guard optionTexts.count >= 2 else { throw fail(fields["options"], "\(type.rawValue) needs `options:`, the list to match against (at least two)") }
            }
        case .completion:
            let ways = [fields["words"], fields["options"], fields["letters"]].compactMap { $0 }
            guard ways.count == 1 else {
                throw fail(ways.last, "\(type.rawValue) needs one of `words:` (the word limit), `options:` (a word list) or `letters:` (labels on a map or diagram)")
            }
            if letters != nil, type != .mapLabelling, type != .diagramLabelling {
                throw fail(fields["letters"], "'letters' is for map-labelling, diagram-labelling and matching-information")
            }
            if fields["numbers"] != nil, words == nil { throw fail(fields["numbers"], "'numbers' goes with 'words'") }
        }
        let wordLimit = words.map { WordLimit(words: $0, allowsNumber: numbers) }
        let groupOptions = letters.map { $0.map { Option(label: $0, text: $0) } } ?? Option.labelled(optionTexts, for: type)
        if groupOptions.count > 26 { throw fail(fields["options"], "a list has at most 26 options") }
        if Set(optionTexts.map(AnswerText.normalized)).count != optionTexts.count { throw fail(fields["options"], "two options say the same thing") }

        let instructions: String
        if let node = fields["instructions"] {
            instructions = try scalar(node, "instructions")
            if let wordLimit, let stated = WordLimit.stated(in: instructions), stated != wordLimit {
                throw fail(node, "the instructions say \(stated.instruction) but `words`/`numbers` say \(wordLimit.instruction)")
            }
            if wordLimit == nil, type.family == .completion, groupOptions.isEmpty, WordLimit.stated(in: instructions) != nil {
                throw fail(node, "the instructions state a word limit: give it as `words:` too")
            }
        } else {
            instructions = QuestionGroup.standardInstructions(for: type, options: groupOptions, wordLimit: wordLimit, lettersOnly: letters != nil)
        }

        guard let questionsNode = fields["questions"] else { throw fail(nil, "a questions block needs `questions:`, a list") }
        guard case .sequence(let items, _) = questionsNode, !items.isEmpty else { throw fail(questionsNode, "`questions:` is a list of questions (`- prompt: …`)") }
        guard items.count <= 40 else { throw fail(questionsNode, "a group has at most 40 questions") }
        var questions: [Question] = []
        var number = firstNumber
        for item in items {
            let question = try parseQuestion(item, number: number, type: type, groupOptions: groupOptions, wordLimit: wordLimit)
            questions.append(question)
            number += question.marks
        }
        return QuestionGroup(type: type, title: title, instructions: instructions, options: groupOptions, lettersOnly: letters != nil,
                             wordLimit: wordLimit, questions: questions)
    }

    private func parseQuestion(_ item: BlockYAML, number: Int, type: QuestionType, groupOptions: [Option], wordLimit: WordLimit?) throws(ContentError) -> Question {
        guard case .mapping(let mapping, _) = item else { throw fail(item, "each question is `prompt:`, `answer:` and `explanation:` lines") }
        let fields = try self.fields(mapping, allowed: Self.questionKeys, what: "question")
        let prompt = try fields["prompt"].map { node throws(ContentError) in try scalar(node, "prompt") } ?? ""
        guard !prompt.isEmpty else { throw fail(item, "question \(number) has no `prompt:`") }
        guard let answerNode = fields["answer"] else { throw fail(item, "question \(number) has no `answer:`") }
        guard let explanation = try fields["explanation"].map({ node throws(ContentError) in try scalar(node, "explanation") }), !explanation.isEmpty else {
            throw fail(item, "question \(number) has no `explanation:` (say why the answer is right)")
        }
        let choose = try fields["choose"].map { node throws(ContentError) -> Int in
            guard type == .multipleChoice else { throw fail(node, "'choose' is for multiple-choice questions") }
            guard let count = Int(try scalar(node, "choose")), (2...5).contains(count) else { throw fail(node, "'choose' is a number from 2 to 5") }
            return count
        } ?? 1
        if type.promptsHaveGaps, prompt.firstRange(of: "___") == nil { throw fail(fields["prompt"], "question \(number): mark the gap with ___") }

        var ownOptions: [Option] = []
        if let node = fields["options"] {
            guard type == .multipleChoice else { throw fail(node, "only multiple-choice questions have their own options (the group's `options:` serve the others)") }
            let texts = try strings(node, "options")
            guard texts.count >= 2, texts.count <= 26 else { throw fail(node, "a multiple-choice question has 2 to 26 options") }
            ownOptions = Option.labelled(texts, for: type)
        } else if type == .multipleChoice {
            throw fail(item, "question \(number) needs `options:`")
        }

        let key: AnswerKey
        let choices = ownOptions.isEmpty ? (type.family == .judgement ? type.judgements.map { Option(label: $0.label, text: $0.label) } : groupOptions) : ownOptions
        if choices.isEmpty {
            let text = try scalar(answerNode, "answer")
            guard let wordLimit else { throw fail(answerNode, "no word limit for question \(number)") }
            let forms = AnswerKey.forms(of: text)
            let tokens = forms.map(AnswerText.tokens)
            for (form, words) in zip(forms, tokens) where wordLimit.count(tokens: words) > wordLimit.words {
                throw fail(answerNode, "question \(number): the key '\(form)' has \(wordLimit.count(tokens: words)) words, over the limit (\(wordLimit.instruction))")
            }
            key = .written(text, tokens: tokens)
        } else if choose > 1 {
            let labels = try strings(answerNode, "answer").map { label throws(ContentError) in try self.label(label, in: choices, answerNode, number) }
            guard labels.count == choose, Set(labels).count == choose else {
                throw fail(answerNode, "question \(number) chooses \(choose): give \(choose) different letters, such as [B, D]")
            }
            guard choices.count > choose else { throw fail(answerNode, "question \(number) needs more options than it chooses") }
            key = .options(Set(labels))
        } else {
            key = .option(try label(try scalar(answerNode, "answer"), in: choices, answerNode, number))
        }
        let evidence = try fields["evidence"].map { node throws(ContentError) in try scalar(node, "evidence") }.flatMap { $0.isEmpty ? nil : $0 }
        return Question(number: number, marks: choose, prompt: prompt, options: ownOptions, key: key, explanation: explanation, evidence: evidence)
    }

    /// `b` → `B`, `IV` → `iv`, `not given` → `NOT GIVEN`: the label as the options spell it.
    private func label(_ text: String, in choices: [Option], _ node: BlockYAML, _ number: Int) throws(ContentError) -> String {
        if let option = choices.first(where: { $0.label.lowercased() == text.lowercased() }) { return option.label }
        let labels = choices.map(\.label)
        throw fail(node, "question \(number): the answer '\(text)' is not one of \(labels.count > 6 ? "\(labels.first!)-\(labels.last!)" : labels.joined(separator: ", "))")
    }

    // MARK: YAML nodes

    private func fields(_ mapping: [(key: String, keyLine: Int, value: BlockYAML)], allowed: Set<String>, what: String) throws(ContentError) -> [String: BlockYAML] {
        var fields: [String: BlockYAML] = [:]
        for (name, keyLine, value) in mapping {
            guard allowed.contains(name) else {
                throw ContentError(file: file, line: line + keyLine, message: "unknown \(what) key '\(name)' (expected \(allowed.sorted().joined(separator: ", ")))")
            }
            fields[name] = value
        }
        return fields
    }

    private func scalar(_ node: BlockYAML, _ name: String) throws(ContentError) -> String {
        guard let text = node.string?.trimmed else { throw fail(node, "'\(name)' must be text") }
        return text
    }

    private func strings(_ node: BlockYAML, _ name: String) throws(ContentError) -> [String] {
        guard case .sequence(let items, _) = node else { throw fail(node, "'\(name)' must be a list, such as [A, C]") }
        return try items.map { item throws(ContentError) in
            let text = try scalar(item, name)
            guard !text.isEmpty else { throw fail(item, "an item of '\(name)' is empty") }
            return text
        }
    }
}
