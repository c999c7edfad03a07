import Testing
@testable import Practice

/// Written answers (completion and short answer) against their keys: a table of IELTS rules.
@Suite struct WrittenAnswerTests {
    /// Key, word limit (words, numbers allowed), the learner's answer, and whether it is right.
    static let cases: [(String, (Int, Bool), String, Bool)] = [
        // Case, spaces and surrounding punctuation do not matter.
        ("library", (2, false), "Library", true),
        ("library", (2, false), "  LIBRARY  ", true),
        ("library", (2, false), "library.", true),
        ("library", (2, false), "\"library\"", true),
        ("mill owners", (2, false), "mill    owners", true),
        ("mill owners", (2, false), "mill\towners", true),
        ("mill owners", (2, false), "millowners", false),
        ("library", (2, false), "librar", false),
        ("library", (2, false), "", false),
        // Curly quotes and accents.
        ("children's books", (2, false), "children’s books", true),
        ("cafe", (1, false), "café", true),
        // Alternatives and optional words.
        ("fish / sea creatures", (2, false), "fish", true),
        ("fish / sea creatures", (2, false), "sea creatures", true),
        ("fish / sea creatures", (2, false), "sea", false),
        ("(the) library", (2, false), "the library", true),
        ("(the) library", (2, false), "library", true),
        ("(the) library", (2, false), "a library", false),
        ("(old) (town) hall", (3, false), "town hall", true),
        ("(old) (town) hall", (3, false), "old hall", true),
        ("(old) (town) hall", (3, false), "old town hall", true),
        ("(in the) morning", (3, false), "in the morning", true),
        ("(in the) morning", (3, false), "the morning", false),
        // UK and US spellings, when the key lists them.
        ("colour / color", (1, false), "color", true),
        ("colour / color", (1, false), "colour", true),
        ("organisation / organization", (1, false), "organization", true),
        ("centre", (1, false), "center", false),
        // Numbers: digits or words.
        ("15", (1, true), "fifteen", true),
        ("15", (1, true), "15", true),
        ("25", (1, true), "twenty-five", true),
        ("25", (1, true), "twenty five", true),
        ("250", (1, true), "two hundred and fifty", true),
        ("1500", (1, true), "1,500", true),
        ("1,500", (1, true), "1500", true),
        ("2500", (2, true), "two thousand five hundred", true),
        ("3rd", (1, true), "third", true),
        ("21st", (1, true), "twenty-first", true),
        ("15 minutes", (1, true), "fifteen minutes", true),
        ("15", (1, true), "16", false),
        ("56", (1, true), "five six", false),
        // Word limits: over the limit is wrong even when the key is inside.
        ("library", (1, false), "the library", false),
        ("(the) library", (1, false), "the library", false),
        ("(the) library", (1, false), "library", true),
        ("mill owners", (2, false), "the mill owners", false),
        ("well-known writer", (2, false), "well-known writer", true),
        ("part-time job", (2, false), "part-time job", true),
        // AND/OR A NUMBER: a number does not count as a word; without it, it does.
        ("15 May", (1, true), "15 May", true),
        ("15 May", (1, false), "15 May", false),
        ("3 bedrooms", (1, true), "three bedrooms", true),
        ("£40", (1, true), "£40", true),
        ("40", (1, true), "£40", false),
        ("15 May", (1, true), "15 20 May", false),   // A NUMBER is one number: a second one counts as a word
        ("2 hours", (1, true), "2 hours", true),
        ("2 / two", (1, true), "2", true),
        // A slash between digits is part of the key, not a choice between two answers.
        ("24/7", (1, false), "24/7", true),
        ("24/7", (1, false), "24", false),
        ("15/6 / 15 June", (2, true), "15 June", true),
        ("15/6 / 15 June", (2, true), "15/6", true),
    ]

    @Test(arguments: cases) func writtenAnswers(_ key: String, _ limit: (Int, Bool), _ answer: String, _ right: Bool) {
        let question = Question(number: 1, prompt: "___", key: .written(key), explanation: "")
        let group = QuestionGroup(type: .sentenceCompletion, instructions: "", wordLimit: WordLimit(words: limit.0, allowsNumber: limit.1),
                                  questions: [question])
        let mark = group.mark(question, given: [answer])
        #expect((mark.marks == 1) == right, "key \(key), answer '\(answer)': \(mark)")
        if answer.isEmpty { #expect(mark.verdict == .unanswered) }
    }

    @Test func overTheLimitSaysSo() {
        let question = Question(number: 4, prompt: "___", key: .written("library"), explanation: "")
        let group = QuestionGroup(type: .noteCompletion, instructions: "", wordLimit: WordLimit(words: 1), questions: [question])
        let mark = group.mark(question, given: ["the library"])
        #expect(mark.verdict == .wrong && mark.note == "Over the word limit (ONE WORD ONLY).")
    }

    /// The limit an instruction states, and the instruction a limit writes.
    static let instructions: [(String, WordLimit?)] = [
        ("Write NO MORE THAN TWO WORDS AND/OR A NUMBER for each answer.", WordLimit(words: 2, allowsNumber: true)),
        ("Write NO MORE THAN THREE WORDS for each answer.", WordLimit(words: 3)),
        ("Write ONE WORD ONLY for each answer.", WordLimit(words: 1)),
        ("Write ONE WORD AND/OR A NUMBER for each answer.", WordLimit(words: 1, allowsNumber: true)),
        ("Choose the correct letter.", nil),
    ]

    @Test(arguments: instructions) func statedLimits(_ text: String, _ limit: WordLimit?) {
        #expect(WordLimit.stated(in: text) == limit)
        if let limit { #expect(WordLimit.stated(in: "Write \(limit.instruction) for each answer.") == limit) }
    }

    @Test func wordCounts() {
        #expect(WordLimit(words: 2).count("a well-known   writer") == 3)
        #expect(WordLimit(words: 2, allowsNumber: true).count("15 red cars") == 2)
        #expect(WordLimit(words: 2, allowsNumber: false).count("15 red cars") == 3)
        #expect(AnswerKey.forms(of: "(the) old library / museum") == ["old library", "the old library", "museum"])
    }
}
