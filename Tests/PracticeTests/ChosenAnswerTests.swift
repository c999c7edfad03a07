import Testing
@testable import Practice

/// Chosen answers: multiple choice (one, or "choose TWO"), judgements and matching.
@Suite struct ChosenAnswerTests {
    static let choiceOptions = Option.labelled(["a museum", "a library", "a school", "a park", "a theatre"], for: .multipleChoice)

    static func multipleChoice(_ key: AnswerKey, marks: Int = 1) -> (QuestionGroup, Question) {
        let question = Question(number: 21, marks: marks, prompt: "Which?", options: choiceOptions, key: key, explanation: "")
        return (QuestionGroup(type: .multipleChoice, instructions: "", questions: [question]), question)
    }

    /// The learner's values and the marks they earn for key B.
    static let single: [([String], Int)] = [
        (["B"], 1), (["b"], 1), ([" B "], 1), (["a library"], 1), (["A Library."], 1), (["C"], 0), (["library"], 0), ([], 0), ([""], 0),
    ]

    @Test(arguments: single) func oneAnswer(_ values: [String], _ marks: Int) {
        let (group, question) = Self.multipleChoice(.option("B"))
        #expect(group.mark(question, given: values).marks == marks, "\(values)")
    }

    /// "Choose TWO" with key B and D: a mark per right letter, order ignored, extra letters cost marks.
    static let two: [([String], Int, QuestionMark.Verdict)] = [
        (["B", "D"], 2, .correct),
        (["D", "B"], 2, .correct),
        (["B"], 1, .partlyCorrect),
        (["B", "C"], 1, .partlyCorrect),
        (["A", "C"], 0, .wrong),
        (["B", "D", "E"], 1, .partlyCorrect),
        (["A", "B", "C", "D"], 0, .wrong),
        (["B", "B"], 1, .partlyCorrect),
        (["B, D"], 2, .correct),
        (["BD"], 2, .correct),
        (["d", "b"], 2, .correct),
        ([], 0, .unanswered),
    ]

    @Test(arguments: two) func chooseTwo(_ values: [String], _ marks: Int, _ verdict: QuestionMark.Verdict) {
        let (group, question) = Self.multipleChoice(.options(["B", "D"]), marks: 2)
        let mark = group.mark(question, given: values)
        #expect(mark.marks == marks && mark.outOf == 2 && mark.verdict == verdict, "\(values): \(mark)")
    }

    /// "Choose THREE" with key A, D and E: the same rule with three marks.
    static let three: [([String], Int, QuestionMark.Verdict)] = [
        (["A", "D", "E"], 3, .correct),
        (["E", "A", "D"], 3, .correct),
        (["A", "E"], 2, .partlyCorrect),
        (["A", "D", "E", "B"], 2, .partlyCorrect),
        (["A", "B", "C"], 1, .partlyCorrect),
        (["B", "C"], 0, .wrong),
        (["a museum", "a park", "a theatre"], 3, .correct),
    ]

    @Test(arguments: three) func chooseThree(_ values: [String], _ marks: Int, _ verdict: QuestionMark.Verdict) {
        let (group, question) = Self.multipleChoice(.options(["A", "D", "E"]), marks: 3)
        let mark = group.mark(question, given: values)
        #expect(mark.marks == marks && mark.outOf == 3 && mark.verdict == verdict, "\(values): \(mark)")
    }

    /// TRUE / FALSE / NOT GIVEN with key NOT GIVEN, and YES / NO / NOT GIVEN with key NO.
    static let judgements: [(QuestionType, String, String, Bool)] = [
        (.trueFalseNotGiven, "NOT GIVEN", "NOT GIVEN", true),
        (.trueFalseNotGiven, "NOT GIVEN", "not given", true),
        (.trueFalseNotGiven, "NOT GIVEN", "NG", true),
        (.trueFalseNotGiven, "NOT GIVEN", "FALSE", false),
        (.trueFalseNotGiven, "NOT GIVEN", "NO", false),
        (.trueFalseNotGiven, "TRUE", "T", true),
        (.trueFalseNotGiven, "TRUE", "Yes", false),
        (.yesNoNotGiven, "NO", "no", true),
        (.yesNoNotGiven, "NO", "N", true),
        (.yesNoNotGiven, "NO", "FALSE", false),
    ]

    @Test(arguments: judgements) func judgement(_ type: QuestionType, _ key: String, _ value: String, _ right: Bool) {
        let question = Question(number: 1, prompt: "A statement.", key: .option(key), explanation: "")
        let group = QuestionGroup(type: type, instructions: "", questions: [question])
        #expect((group.mark(question, given: [value]).marks == 1) == right, "\(type) \(key) '\(value)'")
    }

    /// Matching headings (numerals) and features (letters): the label or the option's text.
    static let matching: [(QuestionType, String, String, Bool)] = [
        (.matchingHeadings, "iv", "iv", true),
        (.matchingHeadings, "iv", "IV", true),
        (.matchingHeadings, "iv", "Why the town needed a library", true),
        (.matchingHeadings, "iv", "why the town needed a library.", true),
        (.matchingHeadings, "iv", "iii", false),
        (.matchingHeadings, "iv", "D", false),
        (.matchingFeatures, "D", "d", true),
        (.matchingFeatures, "D", "Why the town needed a library", true),
        (.matchingFeatures, "D", "iv", false),
    ]

    @Test(arguments: matching) func matchingAnswers(_ type: QuestionType, _ key: String, _ value: String, _ right: Bool) {
        let options = Option.labelled(["The first readers", "Money from the mills", "A new building", "Why the town needed a library"], for: type)
        let question = Question(number: 1, prompt: "Paragraph A", key: .option(key), explanation: "")
        let group = QuestionGroup(type: type, instructions: "", options: options, questions: [question])
        #expect((group.mark(question, given: [value]).marks == 1) == right, "\(type) \(key) '\(value)'")
    }

    @Test func mapLettersAcceptOnlyLetters() {
        let options = OptionLabels.letterRange("A-H")!.map { Option(label: $0, text: $0) }
        let question = Question(number: 11, prompt: "Café", key: .option("C"), explanation: "")
        let group = QuestionGroup(type: .mapLabelling, instructions: "", options: options, lettersOnly: true, questions: [question])
        #expect(group.mark(question, given: ["c"]).marks == 1)
        #expect(group.mark(question, given: ["G"]).marks == 0)
        #expect(OptionLabels.letterRange("H-A") == nil && OptionLabels.letterRange("A-C") == ["A", "B", "C"])
    }

    @Test func labels() {
        #expect((0..<10).map(OptionLabels.numeral) == ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"])
        #expect(OptionLabels.letter(0) == "A" && OptionLabels.letter(25) == "Z" && OptionLabels.letter(26) == "AA")
    }

    @Test func groupsNumberAndMarkTogether() {
        let questions = [
            Question(number: 5, prompt: "One", key: .option("TRUE"), explanation: ""),
            Question(number: 6, marks: 2, prompt: "Two", options: Self.choiceOptions, key: .options(["A", "C"]), explanation: ""),
        ]
        let group = QuestionGroup(type: .trueFalseNotGiven, instructions: "", questions: questions)
        #expect(group.heading == "Questions 5-7" && group.totalMarks == 3 && questions[1].numbers == "6-7")
        let marks = group.mark(answers: [5: ["TRUE"], 6: ["A", "B"]])
        #expect(marks.map(\.marks) == [1, 1])
    }
}
