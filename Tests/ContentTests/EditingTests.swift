import Foundation
import Practice
import Testing
import TestSupport
@testable import Content

/// The editor's model: lesson files to form fields and back, line diffs, and what the curriculum promises.
@Suite struct EditingTests {
    /// Line endings as they reach the editor, and as the lesson keeps them.
    static let lineEndings: [(String, String)] = [
        ("a\r\nb", "a\nb"), ("a\rb", "a\nb"), ("a\r\r\nb", "a\n\nb"), ("a\n\rb\r", "a\n\nb\n"), ("no breaks", "no breaks"), ("", ""),
    ]

    @Test(arguments: lineEndings) func everyLineEndingBecomesANewline(_ text: String, _ expected: String) {
        #expect(text.withUnixLineEndings == expected)
    }

    static func curriculum() throws -> [(file: String, source: String)] {
        let root = BandUpProcess.repositoryRoot.appendingPathComponent("Content").path
        return try ContentCheck(root: root, mediaExists: { _ in true }).lessonFiles().map { file in
            (file, try String(contentsOfFile: root + "/" + file, encoding: .utf8))
        }
    }

    @Test func everyCurriculumFileSurvivesTheEditorsForm() throws {
        var exact = 0
        let files = try Self.curriculum()
        for (file, source) in files {
            let draft = LessonDraft(source: source)
            #expect(try Lesson.parse(draft.source, file: file) == (try Lesson.parse(source, file: file)), "\(file)")
            if draft.source == source { exact += 1 }
            #expect(LessonDraft(source: draft.source) == draft, "\(file): a second round trip changes nothing")
        }
        // Files in Content/'s style come back byte for byte.
        #expect(exact == files.count, "\(files.count - exact) files changed on the way through the form")
    }

    @Test func fieldsNeedingQuotesAreQuotedAndErrorsFindTheirField() throws {
        var draft = LessonDraft()
        draft.title = "Articles: a, an, the"
        draft.slug = "articles"
        draft.skill = "grammar"
        draft.level = "4.5-6.5"
        draft.topic = "#1 accuracy"
        draft.summary = "yes"
        draft.minutes = "12"
        draft.tags = "grammar, a [b]"
        draft.vocabulary = "- term: article\n  definition: a, an or the"
        draft.body = "# Articles\n\n```callout nope\nx\n```\n"
        let source = draft.source
        #expect(source.contains("title: \"Articles: a, an, the\"\n") && source.contains("topic: \"#1 accuracy\"\n") && source.contains("summary: \"yes\"\n"))
        #expect(source.contains("tags: [grammar, \"a [b]\"]\n") && source.contains("vocabulary:\n  - term: article\n    definition: a, an or the\n---\n"))
        #expect(LessonDraft(source: source) == draft)
        #expect(throws: ContentError.self) { try Lesson.parse(source, file: "x").body(with: MarkdownRenderer(), file: "x") }
        do {
            _ = try Lesson.parse(source, file: "x").body(with: MarkdownRenderer(), file: "x")
        } catch {
            #expect(draft.field(forLine: error.line) == .body(line: 3))
        }
        #expect(draft.field(forLine: 2) == .frontMatter("title") && draft.field(forLine: 12) == .frontMatter("vocabulary"))
        #expect(LessonDraft(source: "no front matter at all").body == "no front matter at all")
        // Tabs that indent the word list become spaces; a tab inside a definition stays (a fuzzer found it changed).
        var tabs = draft
        tabs.body = "# Articles\n"
        tabs.vocabulary = "- term: layout\n\tdefinition: how parts are\tarranged"
        let parsed = try? Lesson.parse(tabs.source, file: "x")
        #expect(parsed?.vocabulary.first?.definition == "how parts are\tarranged", "\(tabs.source)")
        // A comment at the margin inside the word list does not end it (the fuzzer found the rest lost).
        let commented = "---\ntitle: Maps\nslug: maps\nskill: listening\nlevel: 5.0-7.0\ntopic: Maps\nsummary: Maps.\nminutes: 5\nvocabulary:\n"
            + "  - term: layout\n    definition: how parts are arranged\n#    example: an old line\n  - term: opposite\n    definition: facing\n---\n# Maps\n"
        let original = try Lesson.parse(commented, file: "x")
        let rebuilt = try Lesson.parse(LessonDraft(source: commented).source, file: "x")
        #expect(original.vocabulary.map(\.term) == ["layout", "opposite"] && rebuilt.vocabulary == original.vocabulary)
    }

    @Test func lineDiffs() {
        let rows = LineDiff.rows(from: "a\nb\nc", to: "a\nB\nc\nd")
        #expect(rows == [.same(old: 1, new: 1, text: "a"), .removed(old: 2, text: "b"), .added(new: 2, text: "B"),
                         .same(old: 3, new: 3, text: "c"), .added(new: 4, text: "d")])
        let long = (1...40).map { "line \($0)" }
        var changed = long
        changed[19] = "line twenty"
        let folded = LineDiff.changes(from: long.joined(separator: "\n"), to: changed.joined(separator: "\n"), context: 2)
        #expect(folded.first == .folded(count: 17) && folded.last == .folded(count: 18))
        #expect(folded.contains(.removed(old: 20, text: "line 20")) && folded.contains(.added(new: 20, text: "line twenty")))
        #expect(LineDiff.changes(from: "same", to: "same") == [.folded(count: 1)])
    }

    /// The curriculum as the content issue promises it: at least 16 lessons over all six skills,
    /// each with practice questions and vocabulary, and listening lessons with their recordings.
    @Test func theCurriculumKeepsItsPromises() throws {
        let files = try Self.curriculum()
        #expect(files.count >= 16)
        var skills = Set<LessonSkill>(), types = Set<QuestionType>()
        for (file, source) in files {
            let lesson = try Lesson.parse(source, file: file)
            let body = try lesson.body(with: MarkdownRenderer(resolveMedia: { "/media/" + $0 }), file: file)
            skills.insert(lesson.skill)
            types.formUnion(body.questionGroups.map(\.type))
            #expect(!body.questionGroups.isEmpty, "\(file) has no questions block")
            #expect(body.html.contains("<dl class=\"vocab\">") || !lesson.vocabulary.isEmpty, "\(file) has no vocabulary")
            if lesson.skill == .listening {
                #expect(body.html.contains("<audio controls") && body.html.contains("class=\"transcript\""), "\(file) has no recording with a transcript")
                #expect(lesson.audio.map { FileManager.default.fileExists(atPath: BandUpProcess.repositoryRoot.appendingPathComponent("Public/" + $0).path) } == true)
            }
        }
        #expect(skills == Set(LessonSkill.allCases))
        #expect(types == Set(QuestionType.allCases), "unused: \(Set(QuestionType.allCases).subtracting(types))")
    }
}
