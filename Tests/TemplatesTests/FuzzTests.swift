import Foundation
import Testing
import TestSupport
@testable import Templates

let fuzzFragments: [String] = [
    "{{", "}}", "{%", "%}", "{#", "#}", "{{-", "-}}", "{%-", "-%}", " x ", " x.y ", " items ", "'", "\"", "(", ")", "[", "]",
    "|", " upper ", " default('d') ", " join(', ') ", " | date('d MMM') ", " + 1 ", " == ", " and ", " not ", " in ",
    " if x ", " elif y ", " else ", " endif ", " for i in items ", " empty ", " endfor ", " set z = 1 ", " block b ",
    " endblock ", " include 'part.html' with v=x ", " extends 'base.html' ", " macro m(a) ", " endmacro ", " m(x) ",
    " raw ", " endraw ", " super() ", "<", ">", "</", "/>", "<p>", "</p>", "<a href=\"", "<a href=", "<img src='",
    "<div title=\"", "\">", "'>", " onclick=\"", " style=\"", "<script>", "</script>", "<style>", "</style>", "<!--",
    "-->", "<!DOCTYPE html>", "<title>", "</title>", "<textarea>", "`", "//", "/*", "*/", "/", "\\", "\n", "\t", " ",
    "=", "&", "&amp;", "é", "\u{2028}", "日本", "\u{0}", "\u{7F}", "?", "#", "javascript:", "loop.index", "x", "y",
]

/// A seeded random-input test of the lexer, parser, context tracker and escapers:
/// 100,000 template sources built from fragments that matter (delimiters, tags, quotes,
/// script and comment openers, stray bytes). No input may crash or hang; every input either
/// compiles and renders, or is rejected with positioned errors.
@Test func hundredThousandRandomTemplatesNeverCrash() {
    var rng = SplitMix64(state: 0xBA4D_0000_2026)
    let context: TemplateValue = ["x": "<x>", "y": 2, "items": ["a", "b"], "z": nil]
    var compiled = 0, rejected = 0, renderErrors = 0
    for _ in 0..<100_000 {
        var source = ""
        for _ in 0..<Int.random(in: 1...14, using: &rng) {
            source += fuzzFragments[Int.random(in: 0..<fuzzFragments.count, using: &rng)]
        }
        if Int.random(in: 0..<8, using: &rng) == 0 {
            // Raw random bytes, including invalid UTF-8 after decoding with replacement.
            let bytes = (0..<Int.random(in: 0...24, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            source += String(decoding: bytes, as: UTF8.self)
        }
        do {
            let library = try TemplateLibrary(sources: ["page.html": source, "part.html": "{{ v }}", "base.html": "{% block b %}{% endblock %}"])
            compiled += 1
            do {
                _ = try library.render("page.html", context)
            } catch let error as TemplateError {
                renderErrors += 1
                #expect(error.line >= 1 && error.column >= 1)
            } catch {
                Issue.record("unexpected error type \(type(of: error)) for \(source.debugDescription)")
            }
        } catch {
            rejected += 1
            #expect(!error.errors.isEmpty)
            for e in error.errors { #expect(e.line >= 1 && e.column >= 1 && !e.message.isEmpty, "\(source.debugDescription)") }
        }
    }
    #expect(compiled + rejected == 100_000)
    // The generator must exercise both paths, or it tests little.
    #expect(compiled > 5_000 && rejected > 5_000, "compiled \(compiled), rejected \(rejected), render errors \(renderErrors)")
}
