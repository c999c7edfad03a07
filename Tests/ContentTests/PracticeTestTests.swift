import Foundation
import Practice
import Testing
import TestSupport
@testable import Content

/// Test files: sections, numbering through the test, and what `bandup content check` requires of
/// a full test.
@Suite struct PracticeTestFileTests {
    static let renderer = MarkdownRenderer(resolveMedia: { $0.hasPrefix("audio/") ? "/assets/" + $0 : nil })

    static func parse(_ text: String) throws -> PracticeTest { try PracticeTest.parse(text, file: "t.md", renderer: renderer) }

    @Test func aFullTestParsesIntoSectionsNumberedOneToForty() throws {
        let test = try Self.parse(PracticeTestFixture.markdown())
        #expect(test.kind == .academicReading && test.minutes == 60 && test.sections.count == 3)
        #expect(test.sections.map { $0.heading.title } == ["Reading Passage 1", "Reading Passage 2", "Reading Passage 3"])
        #expect(test.groups.map(\.numberRange) == [1...13, 14...26, 27...40])
        #expect(test.totalMarks == 40 && test.problems(file: "t.md").isEmpty)
        #expect(test.sections[0].passage.source.contains("The river town is quiet in winter"))
        #expect(test.questionNumbers(inSection: 1) == Array(14...26))
        let listening = try Self.parse(PracticeTestFixture.markdown(kind: "listening", minutes: 30))
        #expect(listening.sections.count == 4 && listening.sections.allSatisfy { $0.audio?.url == "/assets/audio/lessons/form-completion.mp3" })
        #expect(listening.problems(file: "t.md").isEmpty)
    }

    @Test func scoringUsesTheKindsTable() throws {
        let test = try Self.parse(PracticeTestFixture.markdown())
        var answers: [Int: [String]] = [:]
        for number in 1...13 { answers[number] = [number % 2 == 1 ? "TRUE" : "FALSE"] }
        for number in 14...26 { answers[number] = ["River"] }
        let whole = test.score(answers)
        #expect(whole.raw == 26 && whole.outOf == 40 && whole.band?.value == 6.0)   // Academic: 23-26 → 6
        let part = test.score(answers, section: 1)
        #expect(part.raw == 13 && part.outOf == 13 && part.band == nil && part.percentage == 100)
        let general = try Self.parse(PracticeTestFixture.markdown(kind: "general-reading"))
        #expect(general.score(answers).band?.value == 5.0)                           // General Training: 23-26 → 5
    }

    /// A change to the fixture and the problem it must cause.
    static let broken: [(String, String, String)] = [
        ("heading: The river town 3\n```\n", "heading: The river town 3\n```\n\n```section\ntitle: Reading Passage 4\n```\n\nExtra.\n",
         "a Academic Reading test has 3 sections; this one has 4"),
        ("    evidence: leaves at noon\n```", "```", "question 40 has no `evidence:` (the words of the text that decide it)"),
        ("  - prompt: Question 14?\n    options: [Winter, Noon, Summer]\n    answer: B\n    explanation: Noon.\n    evidence: leaves at noon\n", "",
         "a full test has 40 questions; this one has 39"),
        ("    evidence: The river town\n```", "    evidence: The lake town\n```", "question 26: its evidence is not in Reading Passage 2: 'The lake town'"),
    ]

    @Test(arguments: broken) func whatAFullTestMustBe(_ find: String, _ replace: String, _ message: String) throws {
        let text = PracticeTestFixture.markdown()
        #expect(text.contains(find))
        let problems = try Self.parse(text.replacingOccurrences(of: find, with: replace)).problems(file: "t.md")
        #expect(problems.contains { $0.message == message }, "\(problems)")
    }

    @Test func listeningPartsNeedTheirRecording() throws {
        let text = PracticeTestFixture.markdown(kind: "listening", minutes: 30)
        let without = text.replacingOccurrences(of: "```audio\nsrc: audio/lessons/form-completion.mp3\ntitle: Part 4\ntranscript: |\n  GUIDE: The river town is quiet in winter and the ferry leaves at noon.\n```\n", with: "The river town is quiet in winter and the ferry leaves at noon.\n")
        #expect(try Self.parse(without).problems(file: "t.md").contains { $0.message == "Part 4 has no recording (an ```audio block)" })
        #expect(throws: ContentError(file: "t.md", line: 11, message: "no media file 'sounds/none.mp3'")) {
            try Self.parse(text.replacingOccurrences(of: "src: audio/lessons/form-completion.mp3\ntitle: Part 1", with: "src: sounds/none.mp3\ntitle: Part 1"))
        }
    }

    @Test func sectionsBelongToTestsAndTestsStartWithOne() {
        #expect(throws: ContentError(file: "lesson.md", line: 1, message: "sections are for practice tests (Content/tests/)")) {
            try MarkdownRenderer().document("```section\ntitle: Part 1\n```", file: "lesson.md")
        }
        #expect(throws: ContentError.self) { try Self.parse("---\ntitle: T\nslug: t\nkind: listening\nminutes: 30\n---\nIntro without a section.\n") }
        #expect(throws: ContentError(file: "t.md", line: 4, message: "kind is one of academic-reading, general-reading, listening, not 'speaking'")) {
            try Self.parse("---\ntitle: T\nslug: t\nkind: speaking\nminutes: 30\n---\n")
        }
        #expect(ContentCheck.isTest("tests/listening-1.md") && !ContentCheck.isTest("lessons/reading/tests.md"))
    }

    /// The tests of Content/: at least two Academic and one General Training Reading test and two
    /// Listening tests, every one a valid full test, and every question type used between them.
    @Test func theCurriculumsTestsKeepTheirPromises() throws {
        let root = BandUpProcess.repositoryRoot.appendingPathComponent("Content").path
        let check = ContentCheck(root: root, mediaExists: { FileManager.default.fileExists(atPath: BandUpProcess.repositoryRoot.appendingPathComponent("Public/" + $0).path) })
        var kinds: [TestKind: Int] = [:], types = Set<QuestionType>()
        for file in check.testFiles() {
            let test = try PracticeTest.parse(try String(contentsOfFile: root + "/" + file, encoding: .utf8), file: file,
                                              renderer: MarkdownRenderer(resolveMedia: { "/media/" + $0 }))
            #expect(test.problems(file: file).isEmpty, "\(file): \(test.problems(file: file))")
            kinds[test.kind, default: 0] += 1
            types.formUnion(test.groups.map(\.type))
        }
        #expect(kinds[.academicReading, default: 0] >= 2 && kinds[.generalReading, default: 0] >= 1 && kinds[.listening, default: 0] >= 2, "\(kinds)")
        #expect(types == Set(QuestionType.allCases), "unused: \(Set(QuestionType.allCases).subtracting(types))")
    }
}
