import Practice
import Testing
@testable import Content

/// ```` ```questions ```` blocks: every type parses into the practice model; mistakes are errors
/// with the line they are on.
@Suite struct QuestionBlockTests {
    static func groups(_ markdown: String) throws -> [QuestionGroup] {
        try MarkdownRenderer().document(markdown, file: "lesson.md").questionGroups
    }

    static func block(_ yaml: String) -> String { "Intro.\n\n```questions\n" + yaml + "\n```\n" }

    @Test func everyFamilyParses() throws {
        let markdown = Self.block("""
            type: true-false-not-given
            questions:
              - prompt: The library opened in 1862.
                answer: true
                explanation: The passage gives 1862.
              - prompt: Workers paid for it.
                answer: false
                explanation: Mill owners paid.
            """) + Self.block("""
            type: multiple-choice
            questions:
              - prompt: Who paid?
                options: [The council, Mill owners, Workers]
                answer: b
                explanation: The mill owners.
              - prompt: Which TWO did they want?
                choose: 2
                options: [Books, Evenings, Sport, Reading, Money]
                answer: [A, D]
                explanation: Books and reading.
            """) + Self.block("""
            type: matching-headings
            options: [The money, The readers, The building]
            questions:
              - prompt: Paragraph A
                answer: II
                explanation: It is about the readers.
            """) + Self.block("""
            type: sentence-completion
            words: 2
            numbers: true
            questions:
              - prompt: The library opened in ___.
                answer: 1862 / (the) nineteenth century
                explanation: 1862.
            """) + Self.block("""
            type: map-labelling
            letters: A-F
            questions:
              - prompt: Café
                answer: c
                explanation: Next to the entrance.
            """)
        let groups = try Self.groups(markdown)
        #expect(groups.map(\.type) == [.trueFalseNotGiven, .multipleChoice, .matchingHeadings, .sentenceCompletion, .mapLabelling])
        #expect(groups.map(\.numberRange) == [1...2, 3...5, 6...6, 7...7, 8...8])
        #expect(groups[0].questions.map(\.key) == [.option("TRUE"), .option("FALSE")])
        #expect(groups[0].instructions.hasPrefix("Do the following statements agree"))
        #expect(groups[1].questions[1].key == .options(["A", "D"]) && groups[1].questions[1].marks == 2)
        #expect(groups[2].options.map(\.label) == ["i", "ii", "iii"] && groups[2].questions[0].key == .option("ii"))
        #expect(groups[3].wordLimit == WordLimit(words: 2, allowsNumber: true))
        #expect(groups[3].instructions == "Write NO MORE THAN TWO WORDS AND/OR A NUMBER for each answer.")
        #expect(groups[4].options.count == 6 && groups[4].lettersOnly && groups[4].questions[0].key == .option("C"))
        let marks = groups[3].mark(answers: [7: ["the Nineteenth Century."]])
        #expect(marks.first?.verdict == .correct)
        // The HTML around the groups stays, in order.
        let body = try MarkdownRenderer().document(markdown, file: "lesson.md")
        #expect(body.parts.count == 10 && body.html.contains("<p>Intro.</p>"))
    }

    /// A block's YAML, the line (counting the fence as line 3) and the message of its error.
    static let errors: [(String, Int, String)] = [
        ("questions:\n  - prompt: x\n    answer: TRUE\n    explanation: y", 3, "a questions block needs `type:` (such as true-false-not-given)"),
        ("type: true-false-maybe\nquestions: []", 4, "unknown question type 'true-false-maybe' (known: \(QuestionType.allCases.map(\.rawValue).joined(separator: ", ")))"),
        ("type: true-false-not-given\nquestions:\n  - prompt: x\n    answer: MAYBE\n    explanation: y", 7, "question 1: the answer 'MAYBE' is not one of TRUE, FALSE, NOT GIVEN"),
        ("type: true-false-not-given\nquestions:\n  - prompt: x\n    answer: TRUE", 6, "question 1 has no `explanation:` (say why the answer is right)"),
        ("type: true-false-not-given\nquestions:\n  - prompt: x\n    explanation: y", 6, "question 1 has no `answer:`"),
        ("type: true-false-not-given\nquestions:\n  - prompt: x\n    answer: TRUE\n    explanation: y\n    hint: z", 9, "unknown question key 'hint' (expected answer, choose, evidence, explanation, options, prompt)"),
        ("type: true-false-not-given\ncolour: red\nquestions: []", 5, "unknown questions block key 'colour' (expected instructions, letters, numbers, options, questions, title, type, words)"),
        ("type: sentence-completion\nwords: 2\nquestions:\n  - prompt: It opened in ___.\n    answer: the nineteenth century\n    explanation: y", 8,
         "question 1: the key 'the nineteenth century' has 3 words, over the limit (NO MORE THAN TWO WORDS)"),
        ("type: sentence-completion\nwords: 1\nquestions:\n  - prompt: It opened in 1862.\n    answer: x\n    explanation: y", 7, "question 1: mark the gap with ___"),
        ("type: sentence-completion\nquestions:\n  - prompt: x ___\n    answer: x\n    explanation: y", 3,
         "sentence-completion needs one of `words:` (the word limit), `options:` (a word list) or `letters:` (labels on a map or diagram)"),
        ("type: note-completion\nwords: 2\ninstructions: Write ONE WORD ONLY.\nquestions:\n  - prompt: x ___\n    answer: x\n    explanation: y", 6,
         "the instructions say ONE WORD ONLY but `words`/`numbers` say NO MORE THAN TWO WORDS"),
        ("type: multiple-choice\nquestions:\n  - prompt: Which?\n    options: [a, b, c]\n    answer: D\n    explanation: y", 8, "question 1: the answer 'D' is not one of A, B, C"),
        ("type: multiple-choice\nquestions:\n  - prompt: Which?\n    answer: A\n    explanation: y", 6, "question 1 needs `options:`"),
        ("type: multiple-choice\nquestions:\n  - prompt: Which two?\n    choose: 2\n    options: [a, b, c]\n    answer: [A]\n    explanation: y", 9,
         "question 1 chooses 2: give 2 different letters, such as [B, D]"),
        ("type: matching-features\nquestions:\n  - prompt: x\n    answer: A\n    explanation: y", 3, "matching-features needs `options:`, the list to match against (at least two)"),
        ("type: matching-headings\noptions: [a, b]\nquestions:\n  - prompt: Paragraph A\n    answer: iii\n    explanation: y", 8, "question 1: the answer 'iii' is not one of i, ii"),
        ("type: summary-completion\nletters: A-D\nquestions:\n  - prompt: x ___\n    answer: A\n    explanation: y", 5, "'letters' is for map-labelling, diagram-labelling and matching-information"),
        ("type: true-false-not-given\nquestions:\n  - prompt: [unclosed\n", 6, "this questions block is not valid YAML (did not find expected ',' or ']')"),
        ("type: true-false-not-given\ntype: yes-no-not-given\nquestions: []", 5, "this questions block is not valid YAML ('type' is given twice)"),
        ("type: true-false-not-given\nquestions:\n  - &a prompt: x\n", 6, "this questions block is not valid YAML (BandUp's blocks do not use YAML anchors (&name))"),
    ]

    @Test(arguments: errors) func mistakesNameTheLine(_ yaml: String, _ line: Int, _ message: String) {
        #expect(throws: ContentError(file: "lesson.md", line: line, message: message)) { try Self.groups(Self.block(yaml)) }
    }

    @Test func questionsCannotHideInsideCallouts() {
        #expect(throws: ContentError(file: "lesson.md", line: 2, message: "questions go in the lesson itself, not inside another block")) {
            try MarkdownRenderer().document("````callout tip\n```questions\ntype: short-answer\n```\n````", file: "lesson.md")
        }
    }
}
