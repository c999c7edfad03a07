import Practice
import Foundation
import Templates
import Yams

/// What a lesson is about, and how hard.
public enum LessonSkill: String, Sendable, CaseIterable, Codable {
    case reading, listening, writing, speaking, vocabulary, grammar
}

/// A lesson file: YAML front matter between `---` lines, then Markdown.
public struct Lesson: Sendable, Equatable {
    public let title: String
    public let slug: String
    public let skill: LessonSkill
    /// The band range it suits, such as 5.5...6.5.
    public let level: ClosedRange<Double>
    public let topic: String
    public let summary: String
    public let minutes: Int
    public let tags: [String]
    public let audio: String?
    public let vocabulary: [VocabularyItem]
    /// The Markdown after the front matter, and the line it starts on.
    public let body: String
    public let bodyLine: Int

    /// Reads a lesson file; every problem is a ``ContentError`` with the file and line.
    public static func parse(_ text: String, file: String) throws(ContentError) -> Lesson {
        guard let (yaml, body, bodyLine) = frontMatterAndBody(text) else {
            throw ContentError(file: file, line: 1, message: "a lesson starts with front matter between two '---' lines")
        }
        let fields = try FrontMatter(yaml: yaml, file: file, firstLine: 2)
        let title = try fields.text("title")
        let slug = try fields.text("slug")
        guard isSlug(slug) else {
            throw fields.error("slug", "a slug is lower-case letters, digits and hyphens, such as 'matching-headings'")
        }
        let skillName = try fields.text("skill")
        guard let skill = LessonSkill(rawValue: skillName) else {
            throw fields.error("skill", "skill is one of \(LessonSkill.allCases.map(\.rawValue).joined(separator: ", ")), not '\(skillName)'")
        }
        let levelText = try fields.text("level")
        let bands = levelText.split(separator: "-").compactMap { Double($0.trimmed) }
        guard bands.count == 2, bands[0] <= bands[1], bands.allSatisfy({ (1...9).contains($0) && ($0 * 2).rounded() == $0 * 2 }) else {
            throw fields.error("level", "level is a band range such as 5.5-6.5, not '\(levelText)'")
        }
        let minutes = try fields.integer("minutes")
        guard (1...240).contains(minutes) else { throw fields.error("minutes", "minutes is from 1 to 240") }
        return Lesson(title: title, slug: slug, skill: skill, level: bands[0]...bands[1], topic: try fields.text("topic"),
                      summary: try fields.text("summary"), minutes: minutes, tags: try fields.list("tags", optional: true),
                      audio: try fields.optionalText("audio"), vocabulary: try fields.vocabulary("vocabulary"),
                      body: body, bodyLine: bodyLine)
    }

    /// Lower-case letters, digits and hyphens, not starting with a hyphen.
    static func isSlug(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix("-") && text.utf8.count <= 100
            && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    /// The YAML between the first two `---` lines, the text after them, and the line it starts on;
    /// nil when the file does not start with `---`. Lines are found byte by byte (`\r\n` too).
    static func frontMatterAndBody(_ text: String) -> (yaml: String, body: String, bodyLine: Int)? {
        let bytes = text.utf8
        var lineStart = bytes.startIndex, line = 1
        var yamlStart = bytes.startIndex
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let next = lineEnd == bytes.endIndex ? lineEnd : bytes.index(after: lineEnd)
            let isFence = text[lineStart..<lineEnd].trimmed == "---"
            if line == 1 {
                guard isFence else { return nil }
                yamlStart = next
            } else if isFence {
                return (String(text[yamlStart..<lineStart]), String(text[next...]), line + 1)
            }
            lineStart = next
            line += 1
        }
        return nil
    }

    /// The line of a top-level front-matter key in a lesson file (1 when it is not there).
    public static func frontMatterLine(of key: String, in text: String) -> Int {
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if offset > 0, line.hasPrefix("---") { break }
            if line.hasPrefix(key + ":") { return offset + 1 }
        }
        return 1
    }

    /// The lesson's body: HTML and its practice question groups.
    /// A front-matter `audio` recording that no ```` ```audio ```` block plays gets a player first.
    public func body(with renderer: MarkdownRenderer, file: String) throws(ContentError) -> LessonBody {
        let document = try renderer.document(body, file: file, firstLine: bodyLine)
        guard let audio, let url = renderer.resolveMedia(audio), !document.html.contains("src=\"\(url)\"") else { return document }
        let player = try LessonBlocks.render("audio.html", ["src": .string(url), "title": .string("The lesson's recording"), "id": .string("recording-0"),
                                                            "transcript": .string("")]) { ContentError(file: file, line: 1, message: $0) }
        return LessonBody(parts: [.html(TrustedHTML(trustedSource: player))] + document.parts, lessonLinks: document.lessonLinks, problems: document.problems)
    }
}
