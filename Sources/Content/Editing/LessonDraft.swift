import Practice
import Foundation
import Yams

/// A lesson as the browser editor shows it: the front matter as form fields and the Markdown
/// body, turned into a lesson file (``source``) and back. A file written in the style of
/// `Content/` comes back unchanged.
public struct LessonDraft: Sendable, Equatable {
    public var title = ""
    public var slug = ""
    public var skill = ""
    public var level = ""
    public var topic = ""
    public var summary = ""
    public var minutes = ""
    /// Comma-separated: `reading, strategy`.
    public var tags = ""
    public var audio = ""
    /// The `vocabulary:` list as YAML (`- term: …`), as the editor wrote it.
    public var vocabulary = ""
    public var body = ""

    public init() {}

    /// The form field a line of ``source`` comes from, for error messages.
    public enum Field: Sendable, Equatable {
        case frontMatter(String)
        /// A line of the body, counted from 1.
        case body(line: Int)
    }

    /// The lesson file: front matter (plain YAML scalars where they are safe, quoted otherwise),
    /// then the body.
    public var source: String { composed.text }

    /// Where an error on `line` of ``source`` belongs.
    public func field(forLine line: Int) -> Field {
        let composed = self.composed
        if line >= composed.bodyLine { return .body(line: line - composed.bodyLine + 1) }
        return .frontMatter(composed.keys.last { $0.line <= line }?.key ?? "title")
    }

    private var composed: (text: String, keys: [(key: String, line: Int)], bodyLine: Int) {
        var lines = ["---"]
        var keys: [(String, Int)] = []
        func add(_ key: String, _ value: String) {
            keys.append((key, lines.count + 1))
            lines.append("\(key): \(value)")
        }
        for (key, value) in [("title", title), ("slug", slug), ("skill", skill), ("level", level), ("topic", topic), ("summary", summary)] {
            add(key, Self.scalar(value.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let minutes = minutes.trimmingCharacters(in: .whitespaces)
        add("minutes", minutes.allSatisfy(\.isNumber) && !minutes.isEmpty ? minutes : Self.scalar(minutes))
        let tagList = tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !tagList.isEmpty { add("tags", "[" + tagList.map { Self.scalar($0, inFlow: true) }.joined(separator: ", ") + "]") }
        let audio = audio.trimmingCharacters(in: .whitespaces)
        if !audio.isEmpty { add("audio", Self.scalar(audio)) }
        let vocabularyLines = vocabulary.withUnixLineEndings.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                // Tabs indenting a line become spaces (YAML indents with spaces); tabs inside a value stay.
                let indent = line.prefix { $0 == "\t" || $0 == " " }
                return indent.replacingOccurrences(of: "\t", with: "  ") + line.dropFirst(indent.count)
            }
        if vocabularyLines.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            keys.append(("vocabulary", lines.count + 1))
            lines.append("vocabulary:")
            let trimmed = vocabularyLines.reversed().drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }.reversed()
            lines += trimmed.map { $0.isEmpty ? "" : "  " + $0 }
        }
        lines.append("---")
        let bodyLine = lines.count + 1
        let body = body.withUnixLineEndings
        return (lines.joined(separator: "\n") + "\n" + body, keys, bodyLine)
    }

    /// Reads a lesson file into fields; a file whose front matter is not valid YAML gives the
    /// whole front matter as the body so nothing is lost.
    public init(source: String) {
        let text = source.withUnixLineEndings
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }),
              case .mapping(let mapping)? = try? YAMLText.compose(lines[1..<end].joined(separator: "\n"))
        else {
            body = text
            return
        }
        body = lines[(end + 1)...].joined(separator: "\n")
        for (key, value) in mapping {
            let text = value.string ?? ""
            switch key.string ?? "" {
            case "title": title = text
            case "slug": slug = text
            case "skill": skill = text
            case "level": level = text
            case "topic": topic = text
            case "summary": summary = text
            case "minutes": minutes = text
            case "audio": audio = text
            case "tags": tags = (value.sequence?.compactMap(\.string) ?? [text]).joined(separator: ", ")
            case "vocabulary":
                // The editor's own lines, de-indented, so comments and layout survive.
                let start = (key.mark?.line ?? 1) + 1  // line of `vocabulary:` in the file, counting `---` as 1
                var block: [Substring] = []
                for line in lines[start..<end] {
                    // A comment, even at the margin, does not end the list: YAML reads on past it.
                    if !line.isEmpty, !line.hasPrefix(" "), !line.hasPrefix("-"), !line.hasPrefix("#") { break }
                    block.append(line)
                }
                let indent = block.filter { line in
                    let text = line.trimmingCharacters(in: .whitespaces)
                    return !text.isEmpty && !text.hasPrefix("#")
                }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
                vocabulary = block.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }.joined(separator: "\n")
                    .trimmingCharacters(in: .newlines)
            default: break
            }
        }
    }

    /// A YAML scalar for `value`: plain when YAML reads it back as the same text, else double-quoted.
    public static func scalar(_ value: String, inFlow: Bool = false) -> String {
        let indicators = Set("-?:,[]{}#&*!|>'\"%@`")
        let flowUnsafe = Set(",[]{}")
        let plainIsSafe = !value.isEmpty && !indicators.contains(value.first!) && !value.contains(": ") && !value.contains(" #")
            && !value.hasSuffix(":") && value.trimmingCharacters(in: .whitespaces) == value
            && !value.contains(where: { $0.isNewline || $0 == "\t" || (inFlow && flowUnsafe.contains($0)) })
            && !["~", "null", "true", "false", "yes", "no", "on", "off"].contains(value.lowercased())
        if plainIsSafe { return value }
        // A JSON string is a YAML double-quoted scalar.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
