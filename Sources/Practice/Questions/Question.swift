/// One question of a group, as the learner sees it and as it is marked.
public struct Question: Sendable, Equatable, Codable {
    /// The first number it takes (questions are numbered through a lesson or a test).
    public let number: Int
    /// How many numbers (and marks) it takes: 2 for "choose TWO".
    public let marks: Int
    /// The statement, stem or gapped sentence (`___` marks the gap); may be empty for labels.
    public let prompt: String
    /// Its own options (multiple choice); matching and word lists use the group's.
    public let options: [Option]
    public let key: AnswerKey
    /// Why the key is right, shown after marking.
    public let explanation: String
    /// The words of the passage or transcript that decide the answer (tests give them).
    public let evidence: String?

    public init(number: Int, marks: Int = 1, prompt: String, options: [Option] = [], key: AnswerKey, explanation: String, evidence: String? = nil) {
        self.number = number
        self.marks = marks
        self.prompt = prompt
        self.options = options
        self.key = key
        self.explanation = explanation
        self.evidence = evidence
    }

    /// "3" or "21-22".
    public var numbers: String { marks == 1 ? String(number) : "\(number)-\(number + marks - 1)" }

    /// The prompt split at its gap: ("The library opened in ", " by mill owners.") or nil without a gap.
    public var gap: (before: String, after: String)? {
        guard let range = prompt.firstRange(of: "___") else { return nil }
        var after = prompt[range.upperBound...]
        while after.hasPrefix("_") { after = after.dropFirst() }
        return (String(prompt[..<range.lowerBound]), String(after))
    }
}

/// A group of questions of one type under one instruction ("Questions 1-5").
public struct QuestionGroup: Sendable, Equatable, Codable {
    public let type: QuestionType
    public let title: String?
    public let instructions: String
    /// The group's list: headings, features, sentence endings, a word list, or map letters.
    public let options: [Option]
    /// Options that are only letters on a map or diagram (no text to show).
    public let lettersOnly: Bool
    /// The word limit of written answers; nil when answers are chosen.
    public let wordLimit: WordLimit?
    public let questions: [Question]

    public init(type: QuestionType, title: String? = nil, instructions: String, options: [Option] = [], lettersOnly: Bool = false,
                wordLimit: WordLimit? = nil, questions: [Question]) {
        self.type = type
        self.title = title
        self.instructions = instructions
        self.options = options
        self.lettersOnly = lettersOnly
        self.wordLimit = wordLimit
        self.questions = questions
    }

    /// The first and last question numbers: 1...5.
    public var numberRange: ClosedRange<Int> {
        let first = questions.first?.number ?? 0
        return first...max(first, (questions.last.map { $0.number + $0.marks - 1 }) ?? first)
    }

    /// How many marks the group is worth.
    public var totalMarks: Int { questions.reduce(0) { $0 + $1.marks } }

    /// "Questions 1-5" or "Question 6".
    public var heading: String {
        numberRange.count == 1 ? "Question \(numberRange.lowerBound)" : "Questions \(numberRange.lowerBound)-\(numberRange.upperBound)"
    }

    /// Whether learners write their answers (rather than choosing one).
    public var isWritten: Bool { type.family == .completion && options.isEmpty }

    /// The options a question is answered from: its own, the group's, or the judgements.
    public func choices(for question: Question) -> [Option] {
        if !question.options.isEmpty { return question.options }
        if type.family == .judgement { return type.judgements.map { Option(label: $0.label, text: $0.label) } }
        return options
    }

    /// The standard instruction for a group of this type (an editor may write their own).
    public static func standardInstructions(for type: QuestionType, options: [Option], wordLimit: WordLimit?, lettersOnly: Bool) -> String {
        let range = options.isEmpty ? "" : "\(options.first!.label)-\(options.last!.label)"
        switch type.family {
        case .multipleChoice: return "Choose the correct letter."
        case .judgement:
            return type == .trueFalseNotGiven
                ? "Do the following statements agree with the information in the text? Choose TRUE if the statement agrees with the information, FALSE if the statement contradicts the information, or NOT GIVEN if there is no information on this."
                : "Do the following statements agree with the views of the writer? Choose YES if the statement agrees with the views of the writer, NO if the statement contradicts the views of the writer, or NOT GIVEN if it is impossible to say what the writer thinks about this."
        case .matching:
            if lettersOnly { return "Which paragraph contains the following information? Choose the correct letter, \(range). You may use any letter more than once." }
            return type == .matchingHeadings
                ? "Choose the correct heading for each paragraph from the list of headings, \(range)."
                : "Choose the correct letter, \(range). You may use any letter more than once."
        case .completion:
            if lettersOnly { return "Label the \(type == .mapLabelling ? "map" : "diagram"). Choose the correct letter, \(range)." }
            if !options.isEmpty { return "Complete the text using the list of words, \(range)." }
            return "Write \(wordLimit?.instruction ?? "ONE WORD ONLY") for each answer."
        }
    }
}
