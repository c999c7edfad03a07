import Practice
import Testing
@testable import Content

@Suite struct LessonTests {
    static let valid = """
        ---
        title: True, False or Not Given?
        slug: true-false-not-given
        skill: reading
        level: 5.5-7
        topic: Reading strategies
        summary: Decide what the passage says, not what you know.
        minutes: 20
        tags: [reading, strategy]
        vocabulary:
          - term: contradict
            pos: verb
            definition: say the opposite of
        ---
        # What the question asks

        ```callout tip
        Find the **paraphrase** first.
        ```
        """

    @Test func windowsLineEndingsReadTheSame() throws {
        let crlf = try Lesson.parse(Self.valid.replacingOccurrences(of: "\n", with: "\r\n"), file: "tfng.md")
        let lf = try Lesson.parse(Self.valid, file: "tfng.md")
        #expect(crlf.title == lf.title && crlf.vocabulary == lf.vocabulary && crlf.bodyLine == lf.bodyLine)
        #expect(try crlf.body(with: MarkdownRenderer(), file: "tfng.md").html == (try lf.body(with: MarkdownRenderer(), file: "tfng.md").html))
    }

    @Test func readsFrontMatterAndBody() throws {
        let lesson = try Lesson.parse(Self.valid, file: "tfng.md")
        #expect(lesson.title == "True, False or Not Given?" && lesson.slug == "true-false-not-given" && lesson.skill == .reading)
        #expect(lesson.level == 5.5...7 && lesson.minutes == 20 && lesson.tags == ["reading", "strategy"] && lesson.audio == nil)
        #expect(lesson.vocabulary == [VocabularyItem(term: "contradict", partOfSpeech: "verb", definition: "say the opposite of", example: nil)])
        #expect(lesson.bodyLine == 15)
        let html = try lesson.body(with: MarkdownRenderer(), file: "tfng.md").html
        #expect(html.hasPrefix("<h1>What the question asks</h1>") && html.contains("callout-tip"))
    }

    @Test func aFrontMatterRecordingGetsAPlayerUnlessABlockPlaysIt() throws {
        let withAudio = Self.valid.replacingOccurrences(of: "minutes: 20\n", with: "minutes: 20\naudio: audio/talk.mp3\n")
        let lesson = try Lesson.parse(withAudio, file: "tfng.md")
        let html = try lesson.body(with: MarkdownRenderer(), file: "tfng.md").html
        #expect(html.hasPrefix("<figure class=\"audio\">") && html.contains("src=\"/media/audio/talk.mp3\""), "\(html)")
        let played = withAudio + "\n```audio\nsrc: audio/talk.mp3\n```\n"
        let once = try Lesson.parse(played, file: "tfng.md").body(with: MarkdownRenderer(), file: "tfng.md").html
        #expect(once.components(separatedBy: "<audio ").count == 2, "one player when the body plays the recording")
    }

    /// A change to the valid lesson, and the line and start of the error it must give.
    static let errors: [(String, String, Int, String)] = [
        ("skill: reading", "skill: cooking", 4, "skill is one of reading, listening, writing, speaking, vocabulary, grammar, not 'cooking'"),
        ("level: 5.5-7", "level: 7-5", 5, "level is a band range such as 5.5-6.5"),
        ("level: 5.5-7", "level: 5.3-7", 5, "level is a band range"),
        ("minutes: 20", "minutes: twenty", 8, "'minutes' must be a whole number"),
        ("minutes: 20", "minutes: 0", 8, "minutes is from 1 to 240"),
        ("tags: [reading, strategy]", "tags: reading", 9, "'tags' must be a list"),
        ("tags: [reading, strategy]", "tags: [reading, strategy]\ncolour: blue", 10, "unknown front matter key 'colour'"),
        ("slug: true-false-not-given", "slug: True False", 3, "a slug is lower-case letters, digits and hyphens"),
        ("title: True, False or Not Given?\n", "", 2, "the front matter has no 'title'"),
        ("title: True, False or Not Given?", "title: [a, b]", 2, "'title' must be text"),
        ("    pos: verb", "    part: verb", 12, "unknown vocabulary key 'part'"),
        ("```callout tip", "```callout hint", 17, "a callout is tip, note or warning"),
    ]

    @Test(arguments: errors) func problemsNameTheLine(_ from: String, _ to: String, _ line: Int, _ message: String) {
        let text = Self.valid.replacingOccurrences(of: from, with: to)
        do {
            let lesson = try Lesson.parse(text, file: "tfng.md")
            _ = try lesson.body(with: MarkdownRenderer(), file: "tfng.md")
            Issue.record("expected an error for \(to)")
        } catch {
            #expect(error.file == "tfng.md" && error.line == line && error.message.hasPrefix(message), "\(error)")
        }
    }

    @Test func aLessonNeedsFrontMatter() {
        #expect(throws: ContentError(file: "x.md", line: 1, message: "a lesson starts with front matter between two '---' lines")) {
            try Lesson.parse("# No front matter", file: "x.md")
        }
    }
}
