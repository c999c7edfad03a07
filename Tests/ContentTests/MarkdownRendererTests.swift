import Foundation
import Testing
@testable import Content

@Suite struct MarkdownRendererTests {
    static let renderer = MarkdownRenderer(resolveMedia: { $0.hasPrefix("audio/") ? "/assets/\($0)" : nil })

    static func html(_ markdown: String) throws -> String {
        try renderer.render(markdown, file: "lesson.md").source
    }

    /// Markdown, and a fragment the HTML must contain.
    static let rendering: [(String, String)] = [
        ("# Skimming\n\nRead the *first* sentence.", "<h1>Skimming</h1>\n<p>Read the <em>first</em> sentence.</p>"),
        ("See [matching headings](lesson:matching-headings).", "<a href=\"/lessons/matching-headings\">matching headings</a>"),
        ("[British Council](https://www.britishcouncil.org)", "<a rel=\"noopener noreferrer\" href=\"https://www.britishcouncil.org\">"),
        ("[Shouting](HTTPS://example.org)", "<a rel=\"noopener noreferrer\" href=\"HTTPS://example.org\">"),
        ("[Protocol-relative](//example.org/x)", "<a rel=\"noopener noreferrer\" href=\"//example.org/x\">"),
        ("[Relative](/lessons)", "<a href=\"/lessons\">"),
        ("[bad](lesson:Bad Slug)", "[bad](lesson:Bad Slug)"),
        ("```swift\nlet x = 1\n```", "<pre><code class=\"language-swift\">let x = 1\n</code></pre>"),
        ("```callout tip\nUnderline **keywords** first.\n```", "<aside class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Tip</p><p>Underline <strong>keywords</strong> first.</p>\n</aside>"),
        ("```table Band descriptors\n| Band | Meaning |\n|---|---|\n| 9 | *Expert* user & more |\n| 7 | Good, see [lesson](lesson:articles) |\n| # 6 | - Competent |\n```",
         "<caption>Band descriptors</caption><thead><tr><th scope=\"col\">Band</th><th scope=\"col\">Meaning</th></tr></thead><tbody><tr><td>9</td><td><em>Expert</em> user &amp; more</td></tr><tr><td>7</td><td>Good, see <a href=\"/lessons/articles\">lesson</a></td></tr><tr><td># 6</td><td>- Competent</td></tr></tbody>"),
        ("```audio\nsrc: audio/part-1.mp3\ntitle: Part 1\ntranscript: |\n  Good morning.\n```", "<figcaption id=\"recording-1\">Part 1</figcaption><audio controls preload=\"none\" src=\"/assets/audio/part-1.mp3\" aria-labelledby=\"recording-1\">"),
        ("```vocab\n- term: mitigate\n  pos: verb\n  definition: make less severe\n  example: Trees mitigate heat.\n- term: trend\n  definition: a general direction\n```",
         "<dt>mitigate <span class=\"pos\">(verb)</span></dt><dd>make less severe<br><q>Trees mitigate heat.</q></dd>"),
    ]

    @Test(arguments: rendering) func blocksRender(_ markdown: String, _ fragment: String) throws {
        let html = try Self.html(markdown)
        #expect(html.contains(fragment), "\(html)")
    }

    /// Hostile input and what must not survive.
    static let hostile: [(String, String)] = [
        ("<script>alert(1)</script>", "<script"),
        ("Hi <img src=x onerror=alert(1)>", "onerror"),
        ("[x](javascript:alert(1))", "javascript:"),
        ("[x](JaVaScRiPt:alert(1))", "alert(1)\">"),
        ("![x](data:text/html;base64,PHNjcmlwdD4=)", "data:text/html"),
        ("```callout tip\n<script>alert(1)</script>\n```", "<script"),
        ("```table\n| a | b |\n| <img src=x onerror=1> | c |\n```", "<img"),
        ("```vocab\n- term: \"<b>x</b>\"\n  definition: y\n```", "<b>"),
        ("```audio\nsrc: audio/x.mp3\ntranscript: \"</audio><script>1</script>\"\n```", "<script"),
    ]

    @Test(arguments: hostile) func hostileInputStaysText(_ markdown: String, _ forbidden: String) throws {
        let html = try Self.html(markdown)
        #expect(!html.contains(forbidden), "\(html)")
    }

    /// Markdown, the line and the message of its error.
    static let errors: [(String, Int, String)] = [
        ("Intro\n\n```callout danger\nx\n```", 3, "a callout is tip, note or warning (```callout tip), not 'danger'"),
        ("```table\n| a | b |\n| 1 |\n```", 3, "this row has 1 cells; the header has 2"),
        ("```table\n| only header |\n```", 1, "a table needs a header row and at least one row"),
        ("```table\n| a | b |\n|---|---|\n\n| 1 |\n```", 5, "this row has 1 cells; the header has 2"),
        ("```audio\ntitle: x\n```", 1, "an audio block needs `src: path/to/file.mp3`"),
        ("```audio\nsrc: images/missing.mp3\n```", 1, "no media file 'images/missing.mp3'"),
        ("```audio\nsource: audio/a.mp3\n```", 2, "unknown key 'source' (expected src, title, transcript)"),
        ("\n\n```vocab\n- term: a\n  definition: b\n- term: c\n```", 6, "this entry has no 'definition'"),
        ("```vocab\nterm: a\n```", 2, "expected a list of entries (`- term: …`)"),
        ("```vocab\n- term: [unclosed\n```", 2, "this block is not valid YAML (did not find expected ',' or ']')"),
    ]

    @Test(arguments: errors) func blockErrorsNameTheLine(_ markdown: String, _ line: Int, _ message: String) {
        #expect(throws: ContentError(file: "lesson.md", line: line, message: message)) { try Self.html(markdown) }
    }

    @Test func hugeAndDeeplyNestedInputIsBounded() throws {
        let clock = ContinuousClock()
        let nested = String(repeating: ">", count: 50_000) + " deep\n" + String(repeating: "*a ", count: 20_000) + String(repeating: "[", count: 20_000)
        let elapsed = try clock.measure { _ = try Self.html(nested) }
        #expect(elapsed < .seconds(5))
        #expect(throws: ContentError.self) { try Self.html(String(repeating: "x", count: MarkdownRenderer.maximumSize + 1)) }
    }

    @Test func nestedCalloutsAreBounded() throws {
        func nested(_ depth: Int) -> String {
            (0..<depth).reduce("Core text.") { inner, level in
                let fence = String(repeating: "`", count: 3 + level + 1)
                return "\(fence)callout note\n\(inner)\n\(fence)"
            }
        }
        #expect(try Self.html(nested(MarkdownRenderer.maximumCalloutDepth)).contains("Core text."))
        #expect(throws: ContentError.self) { try Self.html(nested(MarkdownRenderer.maximumCalloutDepth + 1)) }
        // A large allowed document renders in bounded time.
        let clock = ContinuousClock()
        let large = String(repeating: "A paragraph with *emphasis*, a [link](https://example.org) and `code`.\n\n", count: 6_000)
        #expect(large.utf8.count < MarkdownRenderer.maximumSize)
        let elapsed = try clock.measure { _ = try Self.html(large) }
        #expect(elapsed < .seconds(5))
    }

    @Test func brokenLinksAndMissingImagesAreReportedWithTheirLines() throws {
        let markdown = "Intro\n\n![A chart](images/missing.png)\n\nSee [this](lesson:Bad) and [that][ref].\n\n```callout tip\nAlso [here](lesson:articles).\n```\n\n[ref]: lesson:matching-headings\n"
        let body = try Self.renderer.document(markdown, file: "lesson.md", firstLine: 10)
        #expect(body.problems.map(\.line) == [12, 14], "\(body.problems)")
        #expect(body.problems.first?.message.contains("images/missing.png") == true)
        #expect(body.lessonLinks.map(\.slug).sorted() == ["articles", "matching-headings"])
        #expect(body.lessonLinks.first { $0.slug == "articles" }?.line == 17)
        #expect(!body.html.contains("images/missing.png"), "the page renders the image emptied")
    }

    @Test func searchTextIsWhatLearnersRead() {
        let markdown = "# Title\n\nSome **bold** [link](https://x.org).\n\n```questions\ntype: short-answer\nquestions:\n  - prompt: Q?\n    answer: secretword\n```\n\n```vocab\n- term: mitigate\n  definition: make less severe\n```\n\n```table\n| A | B |\n| c | d |\n```\n"
        let text = MarkdownRenderer.searchText(markdown)
        #expect(text.contains("Some bold link."))
        #expect(text.contains("mitigate") && text.contains("make less severe") && !text.contains("term:"))
        #expect(!text.contains("secretword") && !text.contains("**") && !text.contains("```"))
    }

    @Test func errorsInsideCalloutsCountLinesFromTheFile() {
        let markdown = "Intro\n\n```callout note\nText\n```"
        #expect((try? Self.html(markdown)) != nil)
        #expect(throws: ContentError(file: "lesson.md", line: 12, message: "a callout is tip, note or warning (```callout tip), not 'x'")) {
            try Self.renderer.render("```callout x\n```", file: "lesson.md", firstLine: 12)
        }
    }
}
