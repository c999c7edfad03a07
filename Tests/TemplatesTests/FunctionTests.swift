import Testing
@testable import Templates

/// Functions the application lends to templates (`{{ asset("css/app.css") }}`).
@Suite struct FunctionTests {
    static let known: Set<String> = ["css/app.css", "images/a b.svg"]

    static let functions: [String: TemplateFunction] = [
        "asset": TemplateFunction(arity: 1...1, check: { literals in
            guard let value = literals[0] else { return nil }
            guard let path = value.stringValue else { return "an asset path is a string" }
            return known.contains(path) ? nil : "no asset '\(path)'"
        }, call: { arguments in .string("https://cdn.example/" + arguments[0].stringValue!) }),
        "tag": TemplateFunction(arity: 0...1) { arguments in
            .html(TrustedHTML(trustedSource: "<b>\(arguments.first?.stringValue ?? "tag")</b>"))
        },
        "shout": TemplateFunction(arity: 1...1) { arguments in .string((arguments[0].stringValue ?? "") + "!") },
        "fails": TemplateFunction(arity: 0...0) { _ in throw Oops() },
    ]

    struct Oops: Error {}

    static func render(_ source: String, _ context: [String: TemplateValue] = [:]) throws -> String {
        try TemplateLibrary(sources: ["page.html": source], functions: functions).renderString("page.html", TemplateValue.dictionary(context))
    }

    /// Template, context value of `x`, output.
    static let outputs: [(String, String, String)] = [
        ("<link href=\"{{ asset('css/app.css') }}\">", "", "<link href=\"https://cdn.example/css/app.css\">"),
        ("<img src=\"{{ asset('images/a b.svg') }}\">", "", "<img src=\"https://cdn.example/images/a%20b.svg\">"),
        ("<p>{{ asset(x) }}</p>", "css/app.css", "<p>https://cdn.example/css/app.css</p>"),
        ("<p>{{ tag() }}</p>", "", "<p><b>tag</b></p>"),
        ("<p title=\"{{ tag() }}\"></p>", "", "<p title=\"&lt;b&gt;tag&lt;/b&gt;\"></p>"),             // trusted HTML only as markup in text
        ("<p>{{ shout(x) }}</p>", "<script>", "<p>&lt;script&gt;!</p>"),                                // results are escaped
        ("<script>var s = {{ shout(x) }};</script>", "</script>", "<script>var s = \"\\u003c/script\\u003e!\";</script>"),
    ]

    @Test(arguments: outputs) func resultsAreEscapedForTheirContext(_ source: String, _ x: String, _ expected: String) throws {
        #expect(try Self.render(source, ["x": .string(x)]) == expected)
    }

    /// Template and the compile error it must give.
    static let errors: [(String, String)] = [
        ("{{ asset('css/missing.css') }}", "no asset 'css/missing.css'"),
        ("{{ asset(3) }}", "an asset path is a string"),
        ("{{ asset() }}", "'asset' takes 1 argument, not 0"),
        ("{{ asset('css/app.css', 'x') }}", "'asset' takes 1 argument, not 2"),
        ("{{ tag(a, b) }}", "'tag' takes 0 to 1 arguments, not 2"),
        ("{{ asset(path='css/app.css') }}", "'asset' takes its arguments by position, without names"),
        ("{{ aset('css/app.css') }}", "unknown macro 'aset'"),
        ("<a onclick=\"{{ asset('css/app.css') }}\">", "on"),
    ]

    @Test(arguments: errors) func problemsAreCompileErrors(_ source: String, _ message: String) {
        do {
            _ = try TemplateLibrary(sources: ["page.html": source], functions: Self.functions)
            Issue.record("expected a compile error for \(source)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func aFailingFunctionIsARenderErrorNamingIt() throws {
        #expect(throws: TemplateError.self) { try Self.render("{{ fails() }}") }
        do { _ = try Self.render("x {{ fails() }}") } catch let error as TemplateError { #expect(error.message.contains("'fails' failed")) }
    }

    @Test func aMacroOrVariableOfTheSameNameWins() throws {
        #expect(try Self.render("{% macro tag() %}macro{% endmacro %}{{ tag() }}") == "macro")
    }
}
