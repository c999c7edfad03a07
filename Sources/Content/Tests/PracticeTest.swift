import Practice
import Templates

/// A full practice test as editors write it (`Content/tests/<slug>.md`): front matter (`title`,
/// `slug`, `kind`, `minutes`), then sections, each opened by a ```` ```section ```` block, with
/// its passage (or recording) and question groups. Questions are numbered 1-40 through the test.
public struct PracticeTest: Sendable {
    public let title: String
    public let slug: String
    public let kind: TestKind
    /// Reading: the time allowed; listening: the recordings' length.
    public let minutes: Int
    public let sections: [TestSection]

    /// A full test has this many marks.
    public static let fullMarks = 40

    /// All question groups, in order.
    public var groups: [QuestionGroup] { sections.flatMap(\.groups) }

    /// How many marks the test is worth (a "choose TWO" question counts two).
    public var totalMarks: Int { groups.reduce(0) { $0 + $1.totalMarks } }

    /// Reads a test file; every problem is a ``ContentError`` with its line. ``problems`` checks
    /// what a full test must be.
    public static func parse(_ text: String, file: String, renderer: MarkdownRenderer) throws(ContentError) -> PracticeTest {
        guard let (yaml, body, bodyLine) = Lesson.frontMatterAndBody(text) else {
            throw ContentError(file: file, line: 1, message: "a test starts with front matter between two '---' lines")
        }
        let fields = try FrontMatter(yaml: yaml, file: file, firstLine: 2, keys: FrontMatter.testKeys)
        let title = try fields.text("title")
        let slug = try fields.text("slug")
        guard Lesson.isSlug(slug) else { throw fields.error("slug", "a slug is lower-case letters, digits and hyphens, such as 'academic-reading-1'") }
        let kindName = try fields.text("kind")
        guard let kind = TestKind(rawValue: kindName) else {
            throw fields.error("kind", "kind is one of \(TestKind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(kindName)'")
        }
        let minutes = try fields.integer("minutes")
        guard (1...240).contains(minutes) else { throw fields.error("minutes", "minutes is from 1 to 240") }

        let document = try renderer.testDocument(body, file: file, firstLine: bodyLine)
        var sections: [TestSection] = []
        for part in document.parts {
            if case .section(let heading) = part {
                sections.append(TestSection(heading: heading, parts: [], audio: nil, source: ""))
                continue
            }
            guard !sections.isEmpty else {
                if case .html(let html) = part, html.source.allSatisfy(\.isWhitespace) { continue }
                throw ContentError(file: file, line: bodyLine, message: "a test's text starts with a ```section block (title: Reading Passage 1)")
            }
            if case .audio(let clip) = part {
                guard sections[sections.count - 1].audio == nil else {
                    throw ContentError(file: file, line: sections[sections.count - 1].heading.line, message: "a section has one recording")
                }
                sections[sections.count - 1].audio = clip
            } else {
                sections[sections.count - 1].parts.append(part)
            }
        }
        guard !sections.isEmpty else { throw ContentError(file: file, line: bodyLine, message: "a test has sections (```section blocks)") }
        // Each section's own text (without its questions), for checking evidence.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for index in sections.indices {
            let start = sections[index].heading.line
            let end = index + 1 < sections.count ? sections[index + 1].heading.line : lines.count + 1
            sections[index].source = Self.withoutQuestionBlocks(lines[(start - 1)..<min(end - 1, lines.count)])
        }
        return PracticeTest(title: title, slug: slug, kind: kind, minutes: minutes, sections: sections)
    }

    /// What a full test must be, beyond parsing: 40 marks, the kind's number of sections, a
    /// recording for each listening part, and evidence for every question, found in its section.
    public func problems(file: String) -> [ContentError] {
        var problems: [ContentError] = []
        let firstLine = sections.first?.heading.line ?? 1
        if totalMarks != Self.fullMarks {
            problems.append(ContentError(file: file, line: firstLine, message: "a full test has \(Self.fullMarks) questions; this one has \(totalMarks)"))
        }
        if sections.count != kind.sections {
            problems.append(ContentError(file: file, line: firstLine, message: "a \(kind.displayName) test has \(kind.sections) sections; this one has \(sections.count)"))
        }
        for section in sections {
            let line = section.heading.line
            if kind == .listening {
                if section.audio == nil { problems.append(ContentError(file: file, line: line, message: "\(section.heading.title) has no recording (an ```audio block)")) }
                else if section.audio?.transcript.isEmpty == true {
                    problems.append(ContentError(file: file, line: line, message: "\(section.heading.title)'s recording has no transcript"))
                }
            } else if section.passage.source.allSatisfy(\.isWhitespace) {
                problems.append(ContentError(file: file, line: line, message: "\(section.heading.title) has no passage"))
            }
            if section.groups.isEmpty { problems.append(ContentError(file: file, line: line, message: "\(section.heading.title) has no questions")) }
            let text = Self.comparable(section.source)
            for question in section.groups.flatMap(\.questions) {
                guard let evidence = question.evidence else {
                    problems.append(ContentError(file: file, line: line, message: "question \(question.numbers) has no `evidence:` (the words of the text that decide it)"))
                    continue
                }
                if !text.contains(Self.comparable(evidence)) {
                    problems.append(ContentError(file: file, line: line, message: "question \(question.numbers): its evidence is not in \(section.heading.title): '\(evidence.prefix(60))'"))
                }
            }
        }
        return problems
    }

    /// Lower case, no emphasis marks, single spaces: how evidence is looked for in a section.
    static func comparable(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "*", with: "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The lines without the ```` ```questions ```` blocks.
    static func withoutQuestionBlocks(_ lines: ArraySlice<Substring>) -> String {
        var kept: [Substring] = []
        var inQuestions = false
        for line in lines {
            let trimmed = line.trimmed
            if inQuestions {
                if trimmed.hasPrefix("```") && trimmed.allSatisfy({ $0 == "`" }) { inQuestions = false }
            } else if trimmed.hasPrefix("```questions") {
                inQuestions = true
            } else {
                kept.append(line)
            }
        }
        return kept.joined(separator: "\n")
    }
}

/// One reading passage or listening part.
public struct TestSection: Sendable {
    public let heading: SectionHeading
    /// The passage's HTML and the question groups, in order.
    public internal(set) var parts: [LessonBody.Part]
    public internal(set) var audio: AudioClip?
    /// The section's own text (passage or transcript, without its questions).
    public internal(set) var source: String

    public var groups: [QuestionGroup] { parts.compactMap { if case .questions(let group) = $0 { group } else { nil } } }

    /// The passage: the HTML before the first question group (a split view shows it beside the questions).
    public var passage: TrustedHTML {
        TrustedHTML(trustedSource: parts.prefix { if case .html = $0 { true } else { false } }
            .map { if case .html(let html) = $0 { html.source } else { "" } }.joined())
    }

    /// The question groups and whatever text goes with them (a diagram's labels between two groups).
    public var questionParts: [LessonBody.Part] {
        Array(parts.drop { if case .html = $0 { true } else { false } })
    }
}
