import Practice
import CCmark
import Foundation
import Templates

#if canImport(Glibc)
import Glibc
#endif

/// Lesson Markdown to HTML through libcmark's syntax tree.
///
/// CommonMark blocks are rendered by cmark in its safe mode (raw HTML is dropped, `javascript:` and
/// other unsafe link targets are emptied); BandUp's own blocks are fenced code blocks with an info
/// string (```` ```callout tip ````, `table`, `audio`, `vocab`) rendered through our templates, and
/// `questions`, which the page renders with the learner's answers (``LessonBody``).
/// `lesson:slug` links point at lesson pages; links to other sites get `rel="noopener noreferrer"`.
public struct MarkdownRenderer: Sendable {
    /// Documents larger than this are refused (editors' lessons are a few kilobytes).
    public static let maximumSize = 512 * 1024

    /// Where a media path (`audio/listening-1.mp3`) is served from, or nil when there is no such file.
    public let resolveMedia: @Sendable (String) -> String?

    public init(resolveMedia: @escaping @Sendable (String) -> String? = { "/media/" + $0 }) {
        self.resolveMedia = resolveMedia
    }

    /// A lesson body: its HTML, cut where each ```` ```questions ```` group goes (the page renders
    /// groups itself, with the learner's answers). Questions are numbered 1, 2, 3… through the body.
    public func document(_ markdown: String, file: String, firstLine: Int = 1) throws(ContentError) -> LessonBody {
        let references = LinkReferences()
        let parts = try parts(markdown, file: file, firstLine: firstLine, allowsQuestions: true, references: references)
        return LessonBody(parts: parts, lessonLinks: references.lessons, problems: references.problems)
    }

    /// A practice test's body: like a lesson's, plus ```` ```section ```` markers, and each
    /// ```` ```audio ```` block kept as a clip for the test page's own player.
    public func testDocument(_ markdown: String, file: String, firstLine: Int = 1) throws(ContentError) -> LessonBody {
        let references = LinkReferences()
        let parts = try parts(markdown, file: file, firstLine: firstLine, allowsQuestions: true, isTest: true, references: references)
        return LessonBody(parts: parts, lessonLinks: references.lessons, problems: references.problems)
    }

    /// The HTML of `markdown` from `file` (named in errors); lines count from `firstLine`
    /// (the body of a lesson starts after its front matter). Questions are not allowed here.
    public func render(_ markdown: String, file: String, firstLine: Int = 1) throws(ContentError) -> TrustedHTML {
        try render(markdown, file: file, firstLine: firstLine, references: LinkReferences())
    }

    /// A callout's Markdown, its links and problems added to the enclosing document's.
    func render(_ markdown: String, file: String, firstLine: Int, references: LinkReferences) throws(ContentError) -> TrustedHTML {
        let parts = try parts(markdown, file: file, firstLine: firstLine, allowsQuestions: false, references: references)
        return parts.first.flatMap { if case .html(let html) = $0 { html } else { nil } } ?? TrustedHTML(trustedSource: "")
    }

    /// Whether a byte can start inline Markdown (emphasis, code, links, entities, raw HTML, escapes).
    static func mayStartInlineMarkup(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "<"),
             UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "!"), UInt8(ascii: "\\"), UInt8(ascii: "~"): true
        default: false
        }
    }

    /// cmark's own HTML for `markdown` in safe mode, with none of BandUp's work (no blocks, no link
    /// rewriting): the floor that benchmarks compare the lesson renderer with.
    public static func commonMarkOnly(_ markdown: String) -> String {
        guard let html = cmark_markdown_to_html(markdown, markdown.utf8.count, CMARK_OPT_DEFAULT) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    /// One line of inline Markdown (a table cell): emphasis, code and links, but no blocks; a
    /// line cmark would read as a block (`# x`, `- x`) stays plain text.
    public func inline(_ text: String) -> TrustedHTML { inline(text, line: 1, references: LinkReferences()) }

    /// A table cell on `line`, its links added to the document's.
    func inline(_ text: String, line: Int, references: LinkReferences) -> TrustedHTML {
        // Most cells are plain words: nothing for cmark to do but escape them.
        if !text.utf8.contains(where: Self.mayStartInlineMarkup) { return TrustedHTML(escaping: text) }
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        guard let document = cmark_parse_document(text, text.utf8.count, options) else { return TrustedHTML(escaping: text) }
        defer { cmark_node_free(document) }
        rewriteLinks(document, file: references.file, firstLine: line, into: references)
        guard let paragraph = cmark_node_first_child(document), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
              cmark_node_next(paragraph) == nil, let rendered = cmark_render_html(paragraph, options) else {
            return TrustedHTML(escaping: text)
        }
        defer { free(rendered) }
        var html = Self.externalLinksOpenSafely(String(cString: rendered))
        if html.hasPrefix("<p>") { html.removeFirst(3) }
        while html.hasSuffix("\n") { html.removeLast() }
        if html.hasSuffix("</p>") { html.removeLast(4) }
        return TrustedHTML(trustedSource: html)
    }

    private func parts(_ markdown: String, file: String, firstLine: Int, allowsQuestions: Bool, isTest: Bool = false,
                       references: LinkReferences) throws(ContentError) -> [LessonBody.Part] {
        guard markdown.utf8.count <= Self.maximumSize else {
            throw ContentError(file: file, line: firstLine, message: "the document is larger than \(Self.maximumSize / 1024) KB")
        }
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        guard let document = cmark_parse_document(markdown, markdown.utf8.count, options) else {
            throw ContentError(file: file, line: firstLine, message: "cmark could not parse the document")
        }
        defer { cmark_node_free(document) }
        references.file = file
        rewriteLinks(document, file: file, firstLine: firstLine, into: references)
        var parts: [LessonBody.Part] = []
        var html = ""
        var nextNumber = 1
        var node = cmark_node_first_child(document)
        while let current = node {
            node = cmark_node_next(current)
            let line = firstLine + Int(cmark_node_get_start_line(current)) - 1
            if cmark_node_get_type(current) == CMARK_NODE_CODE_BLOCK, let block = Self.customBlock(current) {
                let body = cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
                if block.kind == "questions" {
                    guard allowsQuestions else {
                        throw ContentError(file: file, line: line, message: "questions go in the lesson itself, not inside another block")
                    }
                    let group = try QuestionBlock(file: file, line: line).parse(body, firstNumber: nextNumber)
                    nextNumber = group.numberRange.upperBound + 1
                    if !html.isEmpty { parts.append(.html(TrustedHTML(trustedSource: html))) }
                    html = ""
                    parts.append(.questions(group))
                } else if block.kind == "section" || (block.kind == "audio" && isTest) {
                    guard isTest else { throw ContentError(file: file, line: line, message: "sections are for practice tests (Content/tests/)") }
                    if !html.isEmpty { parts.append(.html(TrustedHTML(trustedSource: html))) }
                    html = ""
                    parts.append(try LessonBlocks(renderer: self, file: file, references: references).testPart(block.kind, body: body, line: line))
                } else {
                    html += try LessonBlocks(renderer: self, file: file, references: references)
                        .render(block.kind, argument: block.argument, body: body, line: line)
                }
            } else if let rendered = cmark_render_html(current, options) {
                html += Self.externalLinksOpenSafely(String(cString: rendered))
                free(rendered)
            }
        }
        if !html.isEmpty || parts.isEmpty { parts.append(.html(TrustedHTML(trustedSource: html))) }
        return parts
    }

    /// `callout tip` → ("callout", "tip") for BandUp's block kinds; nil for ordinary code.
    static func customBlock(_ node: OpaquePointer) -> (kind: String, argument: String)? {
        guard let info = cmark_node_get_fence_info(node).map({ String(cString: $0) }) else { return nil }
        let words = info.split(separator: " ", maxSplits: 1).map(String.init)
        guard let kind = words.first, LessonBlocks.kinds.contains(kind) else { return nil }
        return (kind, words.count > 1 ? words[1].trimmed : "")
    }

    /// The lessons a document links to and the links and images that lead nowhere, with their lines.
    final class LinkReferences {
        var lessons: [LessonLink] = []
        var problems: [ContentError] = []
        /// How deep the block being rendered sits inside callouts.
        var depth = 0
        /// The file named in problems.
        var file = ""
    }

    /// Callouts inside callouts go at most this deep (each level is parsed again).
    static let maximumCalloutDepth = 4

    /// `lesson:slug` → `/lessons/slug`; anything but http(s), mailto and relative targets → empty.
    /// Images name media files; one that does not exist, or a malformed `lesson:` link, is a problem
    /// (the page still renders, with the target emptied).
    private func rewriteLinks(_ document: OpaquePointer, file: String, firstLine: Int, into references: LinkReferences) {
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER else { continue }
            let node = cmark_iter_get_node(iterator)
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let raw = cmark_node_get_url(node) else { continue }
            let url = String(cString: raw)
            if url.lowercased().hasPrefix("lesson:") {
                let slug = String(url.dropFirst("lesson:".count))
                let valid = !slug.isEmpty && slug.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
                let line = firstLine + Self.line(of: node) - 1
                if valid && url.hasPrefix("lesson:") {
                    references.lessons.append(LessonLink(slug: slug, line: line))
                } else {
                    references.problems.append(ContentError(file: file, line: line, message: "'\(url)' is not a lesson link: write lesson: and a slug of lower-case letters, digits and hyphens"))
                }
                cmark_node_set_url(node, valid && url.hasPrefix("lesson:") ? "/lessons/\(slug)" : "")
            } else if type == CMARK_NODE_IMAGE, !url.contains(":"), !url.hasPrefix("/") {
                if let resolved = resolveMedia(url) {
                    cmark_node_set_url(node, resolved)
                } else {
                    references.problems.append(ContentError(file: file, line: firstLine + Self.line(of: node) - 1, message: "no media file '\(url)' for this image"))
                    cmark_node_set_url(node, "")
                }
            }
        }
    }

    /// A node's line in the document: inline nodes take their block's line.
    static func line(of node: OpaquePointer?) -> Int {
        var current: OpaquePointer? = node
        while let candidate = current {
            let line = Int(cmark_node_get_start_line(candidate))
            if line > 0 { return line }
            current = cmark_node_parent(candidate)
        }
        return 1
    }

    /// cmark writes links as `<a href="…"`: those to other sites (`http:`, `https:`, in any case,
    /// and protocol-relative `//host`) open without access to this page.
    static func externalLinksOpenSafely(_ html: String) -> String {
        let marker = Array("<a href=\"".utf8)
        let bytes = Array(html.utf8)
        guard bytes.count >= marker.count else { return html }
        var output: [UInt8] = []
        var copied = 0, index = 0
        let last = bytes.count - marker.count
        while index <= last {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "a"), bytes[index..<index + marker.count].elementsEqual(marker) {
                if Self.isExternal(bytes[(index + marker.count)...]) {
                    if output.isEmpty { output.reserveCapacity(bytes.count + 256) }
                    output += bytes[copied..<index + 2]  // `<a`
                    output += Array(" rel=\"noopener noreferrer\"".utf8)
                    copied = index + 2
                }
                index += marker.count
            } else {
                index += 1
            }
        }
        guard copied > 0 else { return html }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether a link target leaves the site: `//…`, or `http://` / `https://` in any case.
    static func isExternal(_ target: ArraySlice<UInt8>) -> Bool {
        if target.starts(with: Array("//".utf8)) { return true }
        let lowered = target.prefix(8).map { $0 | 0x20 }
        return lowered.starts(with: Array("http://".utf8)) || lowered.starts(with: Array("https://".utf8))
    }
}
