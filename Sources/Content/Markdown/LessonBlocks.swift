import Practice
import Foundation
import Templates

/// BandUp's own Markdown blocks, written as fenced code blocks and rendered through our templates:
///
/// - ```` ```callout tip|note|warning ```` — a box around Markdown;
/// - ```` ```table ```` — pipe rows (`| Band | Words |`), the first row the header (cmark has no
///   tables); cells take inline Markdown (emphasis, code, links);
/// - ```` ```audio ```` — `src: audio/file.mp3` and an optional `transcript: |` (YAML);
/// - ```` ```vocab ```` — a YAML list of `term`, `pos`, `definition`, `example`;
/// - ```` ```questions ```` — a practice question group (``QuestionBlock``), rendered by the page.
struct LessonBlocks {
    static let kinds: Set<String> = ["callout", "table", "audio", "vocab", "questions", "section"]
    static let calloutKinds = ["tip", "note", "warning"]

    let renderer: MarkdownRenderer
    let file: String
    /// Where links found in blocks (callouts, table cells) and their problems are collected.
    let references: MarkdownRenderer.LinkReferences

    func render(_ kind: String, argument: String, body: String, line: Int) throws(ContentError) -> String {
        func fail(_ message: String) -> ContentError { ContentError(file: file, line: line, message: message) }
        switch kind {
        case "callout":
            guard Self.calloutKinds.contains(argument) else {
                throw fail("a callout is tip, note or warning (```callout tip), not '\(argument)'")
            }
            guard references.depth < MarkdownRenderer.maximumCalloutDepth else {
                throw fail("callouts go at most \(MarkdownRenderer.maximumCalloutDepth) deep inside one another")
            }
            references.depth += 1
            defer { references.depth -= 1 }
            let inner = try renderer.render(body, file: file, firstLine: line + 1, references: references)
            return try Self.render("callout.html", ["kind": .string(argument), "title": .string(argument.capitalized), "body": .html(inner)], fail)
        case "table":
            // Byte by byte: tables are the largest block in lessons, and Character-by-Character
            // splitting showed up in profiles.
            let pipe = UInt8(ascii: "|")
            var rows: [(line: Int, cells: [String])] = []
            for (offset, raw) in body.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
                let row = Substring(raw).trimmed
                // Blank lines and a Markdown-style separator row (|---|:--|) are allowed.
                if row.utf8.allSatisfy({ $0 == pipe || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: " ") }) { continue }
                var inner = row.utf8[...]
                if inner.first == pipe { inner = inner.dropFirst() }
                if inner.last == pipe { inner = inner.dropLast() }
                rows.append((line + 1 + offset, inner.split(separator: pipe, omittingEmptySubsequences: false).map { Substring($0).trimmed }))
            }
            guard let header = rows.first?.cells, rows.count >= 2 else { throw fail("a table needs a header row and at least one row") }
            for row in rows where row.cells.count != header.count {
                throw ContentError(file: file, line: row.line, message: "this row has \(row.cells.count) cells; the header has \(header.count)")
            }
            return try Self.render("table.html", [
                "caption": .html(renderer.inline(argument, line: line, references: references)),
                "header": .array(header.map { .html(renderer.inline($0, line: rows[0].line, references: references)) }),
                "rows": .array(rows.dropFirst().map { row in .array(row.cells.map { .html(renderer.inline($0, line: row.line, references: references)) }) }),
            ], fail)
        case "audio":
            let fields = try Self.yamlMapping(body, file: file, line: line, keys: ["src", "transcript", "title"])
            guard let source = fields["src"] else { throw fail("an audio block needs `src: path/to/file.mp3`") }
            guard let url = renderer.resolveMedia(source) else { throw fail("no media file '\(source)'") }
            return try Self.render("audio.html", ["src": .string(url), "title": .string(fields["title"] ?? "Listen"), "id": .string("recording-\(line)"),
                                                  "transcript": .string(fields["transcript"] ?? "")], fail)
        case "vocab":
            let entries = try Self.yamlList(body, file: file, line: line, keys: ["term", "pos", "definition", "example"], required: ["term", "definition"])
            return try Self.render("vocab.html", ["words": .array(entries.map { entry in .dictionary(entry.mapValues { .string($0) }) })], fail)
        default:
            throw fail("unknown block '\(kind)'")
        }
    }

    /// A test's `section` marker or `audio` clip.
    func testPart(_ kind: String, body: String, line: Int) throws(ContentError) -> LessonBody.Part {
        func fail(_ message: String) -> ContentError { ContentError(file: file, line: line, message: message) }
        if kind == "section" {
            let fields = try Self.yamlMapping(body, file: file, line: line, keys: ["title", "heading", "intro"])
            guard let title = fields["title"], !title.isEmpty else { throw fail("a section needs `title:` (such as Reading Passage 1 or Part 2)") }
            return .section(SectionHeading(title: title, heading: fields["heading"], intro: fields["intro"], line: line))
        }
        let fields = try Self.yamlMapping(body, file: file, line: line, keys: ["src", "transcript", "title"])
        guard let source = fields["src"] else { throw fail("an audio block needs `src: path/to/file.mp3`") }
        guard let url = renderer.resolveMedia(source) else { throw fail("no media file '\(source)'") }
        return .audio(AudioClip(path: source, url: url, title: fields["title"] ?? "Listen", transcript: fields["transcript"] ?? ""))
    }

    // MARK: Templates

    static let templates: TemplateLibrary = {
        do {
            return try TemplateLibrary(sources: [
                "callout.html": #"<aside class="callout callout-{{ kind }}" role="note"><p class="callout-title">{{ title }}</p>{{ body }}</aside>"# + "\n",
                "table.html": #"<div class="table-wrap"><table>{% if caption %}<caption>{{ caption }}</caption>{% endif %}<thead><tr>{% for cell in header %}<th scope="col">{{ cell }}</th>{% endfor %}</tr></thead><tbody>{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</tbody></table></div>"# + "\n",
                "audio.html": #"<figure class="audio"><figcaption id="{{ id }}">{{ title }}</figcaption><audio controls preload="none" src="{{ src }}" aria-labelledby="{{ id }}">Your browser cannot play this recording.</audio>{% if transcript %}<details><summary>Transcript</summary><p class="transcript">{{ transcript }}</p></details>{% endif %}</figure>"# + "\n",
                "vocab.html": #"<dl class="vocab">{% for word in words %}<div class="vocab-entry"><dt>{{ word.term }}{% if word.pos is defined %} <span class="pos">({{ word.pos }})</span>{% endif %}</dt><dd>{{ word.definition }}{% if word.example is defined %}<br><q>{{ word.example }}</q>{% endif %}</dd></div>{% endfor %}</dl>"# + "\n",
            ])
        } catch {
            fatalError("built-in block templates do not compile: \(error)")
        }
    }()

    static func render(_ name: String, _ values: [String: TemplateValue], _ fail: (String) -> ContentError) throws(ContentError) -> String {
        do { return try templates.renderString(name, TemplateValue.dictionary(values)) } catch { throw fail("cannot render the block: \(error)") }
    }

    // MARK: YAML

    static func yamlMapping(_ text: String, file: String, line: Int, keys: Set<String>) throws(ContentError) -> [String: String] {
        let node = try BlockYAML.parse(text, file: file, line: line, what: "this block")
        guard case .mapping(let mapping, _)? = node else { throw ContentError(file: file, line: line + 1, message: "expected `key: value` lines") }
        return try strings(mapping, file: file, line: line, keys: keys)
    }

    static func yamlList(_ text: String, file: String, line: Int, keys: Set<String>, required: Set<String>) throws(ContentError) -> [[String: String]] {
        let node = try BlockYAML.parse(text, file: file, line: line, what: "this block")
        guard case .sequence(let items, _)? = node, !items.isEmpty else {
            throw ContentError(file: file, line: line + 1, message: "expected a list of entries (`- term: …`)")
        }
        var entries: [[String: String]] = []
        for item in items {
            let itemLine = line + item.line
            guard case .mapping(let mapping, _) = item else { throw ContentError(file: file, line: itemLine, message: "each entry is `key: value` lines") }
            let entry = try strings(mapping, file: file, line: line, keys: keys)
            for key in required.sorted() where entry[key] == nil { throw ContentError(file: file, line: itemLine, message: "this entry has no '\(key)'") }
            entries.append(entry)
        }
        return entries
    }

    private static func strings(_ mapping: [(key: String, keyLine: Int, value: BlockYAML)], file: String, line: Int, keys: Set<String>) throws(ContentError) -> [String: String] {
        var values: [String: String] = [:]
        for (name, keyLine, value) in mapping {
            let at = line + keyLine
            guard keys.contains(name) else {
                throw ContentError(file: file, line: at, message: "unknown key '\(name)' (expected \(keys.sorted().joined(separator: ", ")))")
            }
            guard let text = value.string else { throw ContentError(file: file, line: at, message: "'\(name)' must be text") }
            values[name] = text.trimmed
        }
        return values
    }
}
