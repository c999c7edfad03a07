import Foundation
import Testing
@testable import Templates

/// One row: a template, and the error it must produce: message fragment, line and column.
struct ErrorCase: CustomTestStringConvertible, Sendable {
    let template: String
    let message: String
    let line: Int
    let column: Int
    var testDescription: String { template }
    init(_ template: String, _ message: String, _ line: Int, _ column: Int) {
        self.template = template
        self.message = message
        self.line = line
        self.column = column
    }
}

let errorCases: [ErrorCase] = [
    ErrorCase("<p>\n{{ name", "never closed", 2, 1),
    ErrorCase("{% if x %}open", "'if' is never closed", 1, 1),
    ErrorCase("a\n  {% endif %}", "unexpected 'endif'", 2, 3),
    ErrorCase("{% fi x %}{% endif %}", "unknown tag 'fi'", 1, 1),
    ErrorCase("{{ }}", "empty output", 1, 1),
    ErrorCase("{{ a + }}", "expected a value", 1, 8),
    ErrorCase("{{ a b }}", "expected the end of the output", 1, 6),
    ErrorCase("{{ name | uper }}", "unknown filter 'uper'", 1, 11),
    ErrorCase("{{ name | truncate }}", "'truncate' takes 1 to 2 arguments, not 0", 1, 11),
    ErrorCase("{{ d | date('d QQQ') }}", "unknown date pattern letter 'Q'", 1, 8),
    ErrorCase("{% for x of xs %}{% endfor %}", "expected 'in'", 1, 10),
    ErrorCase("{% block a %}{% endblock b %}", "'endblock b' closes the block 'a'", 1, 14),
    ErrorCase("{% include 'missing.html' %}", "unknown template 'missing.html'", 1, 1),
    ErrorCase("{% extends 'nope.html' %}", "unknown layout 'nope.html'", 1, 1),
    ErrorCase("{{ 'abc }}", "never closed", 1, 1),
    ErrorCase("line one\n<p title=\"{{ x }}\" onclick=\"go({{ x }})\">", "event handler", 2, 32),
    ErrorCase("{% for x in xs %}{{ loop.idx }}{% endfor %}", "'loop' has no member 'idx'", 1, 25),
    ErrorCase("{{ card() }}", "unknown macro 'card'", 1, 1),
    ErrorCase("{% macro m(a) %}{{ a }}{% endmacro %}{{ m(b=1) }}", "has no parameter 'b'", 1, 45),
    ErrorCase("{% macro m(a) %}{{ a }}{% endmacro %}{{ m() }}", "missing argument 'a'", 1, 38),
    ErrorCase("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "calls itself", 1, 16),
    ErrorCase("{{ super() }}", "only available inside a block", 1, 1),
    ErrorCase("{% if a %}{% else %}{% else %}{% endif %}", "a second 'else'", 1, 21),
    ErrorCase("{{ x(1) | upper }}", "cannot be called inside an expression", 1, 4),
]

@Test(arguments: errorCases)
func compileErrorsSayWhereAndWhat(_ row: ErrorCase) throws {
    let errors = compileErrors(["page.html": row.template, "other.html": "x"])
    let error = try #require(errors.first, "compiled without error")
    #expect(error.message.contains(row.message), "\(error)")
    #expect(error.file == "page.html")
    #expect(error.line == row.line, "\(error)")
    #expect(error.column == row.column, "\(error)")
}

@Test func errorDescriptionShowsTheLineWithACaretAndAHint() throws {
    let errors = compileErrors(["lessons/show.html": "<h1>{{ lesson.title }}</h1>\n<td>{{ r.skill | uper }}</td>"])
    let error = try #require(errors.first)
    #expect(error.description == """
        lessons/show.html:2:18: error: unknown filter 'uper'
         2 | <td>{{ r.skill | uper }}</td>
           |                  ^
           hint: did you mean 'upper'?
        """)
}

@Test func everyErrorIsReportedAtOnce() {
    let errors = compileErrors([
        "a.html": "{{ x | nope }}",
        "b.html": "{% if %}",
        "c.html": "<a href={{ u }}>{{ y | alsonope }}",
        "d.html": "{% include 'a.html' %}{% include 'e.html' %}",
        "e.html": "{% include 'd.html' %}",
        "f.html": "{% extends 'g.html' %}",
        "g.html": "{% extends 'f.html' %}",
    ])
    let summary = errors.map { "\($0.file):\($0.line): \($0.message)" }
    #expect(summary.contains("a.html:1: unknown filter 'nope'"))
    #expect(summary.contains { $0.hasPrefix("b.html:1: expected a value") })
    #expect(summary.contains { $0.hasPrefix("c.html:1: a value in an unquoted attribute value") })
    #expect(summary.contains("c.html:1: unknown filter 'alsonope'"))
    #expect(summary.contains { $0.contains("'include' cycle: d.html → e.html → d.html") || $0.contains("'include' cycle: e.html → d.html → e.html") })
    #expect(summary.contains { $0.contains("'extends' cycle") })
    #expect(errors.count >= 6)
    let text = TemplateLoadError(errors: errors).description
    #expect(text.hasPrefix("\(errors.count) template errors:"))
}

@Test func runtimeErrorsNameTheirPosition() throws {
    let library = try TemplateLibrary(sources: [
        "p.html": "<p>\n  {{ user.name }} {{ missing }}</p>",
        "q.html": "{% for x in count %}{% endfor %}",
        "r.html": "{{ score < label }}",
        "s.html": "{{ items }}",
        "t.html": "{{ user.nickname }}",
    ])
    let context: TemplateValue = ["user": ["name": "A"], "count": 3, "score": 1, "label": "x", "items": [1]]
    func error(_ name: String) -> TemplateError? {
        do { _ = try library.render(name, context); return nil } catch { return error as? TemplateError }
    }
    let undefined = try #require(error("p.html"))
    #expect((undefined.file, undefined.line, undefined.column, undefined.message) == ("p.html", 2, 22, "undefined variable 'missing'"))
    #expect(error("q.html")?.message == "cannot loop over an int")
    #expect(error("r.html")?.message == "cannot compare int with string using '<'")
    #expect(error("s.html")?.message == "cannot print a list here")
    #expect(error("t.html")?.message == "undefined member 'nickname'")
    #expect(error("nope.html")?.message == "no template named 'nope.html'")
}

@Test func aChangedFileIsRecompiledOnTheNextRender() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("partials"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let page = directory.appendingPathComponent("page.html"), partial = directory.appendingPathComponent("partials/p.html")
    try "<h1>{{ title }}</h1>{% include 'partials/p.html' %}".write(to: page, atomically: true, encoding: .utf8)
    try "v1".write(to: partial, atomically: true, encoding: .utf8)
    try "ignored".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

    let live = try TemplateLibrary(directory: directory.path, options: .init(reloadsChangedFiles: true))
    let fixed = try TemplateLibrary(directory: directory.path)
    #expect(live.templateNames == ["page.html", "partials/p.html"])
    #expect(try live.renderString("page.html", ["title": "T"] as TemplateValue) == "<h1>T</h1>v1")

    try "v2".write(to: partial, atomically: true, encoding: .utf8)
    #expect(try live.renderString("page.html", ["title": "T"] as TemplateValue) == "<h1>T</h1>v2")
    #expect(try fixed.renderString("page.html", ["title": "T"] as TemplateValue) == "<h1>T</h1>v1")

    try "{{ broken".write(to: partial, atomically: true, encoding: .utf8)
    #expect(throws: TemplateLoadError.self) { try live.render("page.html", ["title": "T"] as TemplateValue) }
    try "v3".write(to: partial, atomically: true, encoding: .utf8)
    #expect(try live.renderString("page.html", ["title": "T"] as TemplateValue) == "<h1>T</h1>v3")
}

@Test func aMissingDirectoryIsAClearError() {
    #expect(throws: TemplateLoadError.self) { try TemplateLibrary(directory: "/nonexistent/templates") }
}

/// Found by the libFuzzer harness: a block nested in a block of the same name expanded forever.
@Test func aBlockCannotEndUpInsideItself() throws {
    let nested = compileErrors([
        "page.html": "{% extends 'base.html' %}{% block t %}a{% block t %}b{% endblock %}{% endblock %}",
        "base.html": "{% block t %}{% endblock %}",
    ])
    #expect(nested.contains { $0.message == "the block 't' is defined twice in this template" })
    // Blocks nested the other way round in a child are fine: the most derived `t` is rendered.
    let crossed = try? TemplateLibrary(sources: [
        "page.html": "{% extends 'base.html' %}{% block u %}{% block t %}x{% endblock %}{% endblock %}",
        "base.html": "{% block t %}{% block u %}{% endblock %}{% endblock %}",
    ])
    #expect(try crossed?.renderString("page.html", [:] as TemplateValue) == "x")
}
