import Testing
@testable import Templates

/// `.txt` templates (the text part of a mail) are not HTML: values are written as they are, the
/// same value in a `.html` template of the same library is escaped.
struct PlainTextTests {
    static let cases: [(template: String, value: String, expected: String)] = [
        ("Hello {{ x }},", "Ana & Bo <b>", "Hello Ana & Bo <b>,"),
        ("<p>{{ x }}</p>", "\"quoted\" 'single'", "<p>\"quoted\" 'single'</p>"),
        ("Link: {{ x }}", "https://bandup.test/password/reset?token=a-b_c", "Link: https://bandup.test/password/reset?token=a-b_c"),
        ("<script>{{ x }}", "</script>", "<script></script>"),
        ("{% if x %}yes: {{ x }}{% endif %}", "<!--", "yes: <!--"),
    ]

    @Test(arguments: cases) func valuesAreWrittenAsTheyAre(_ row: (template: String, value: String, expected: String)) throws {
        let library = try TemplateLibrary(sources: ["mail.txt": row.template, "mail.html": "<p>{{ x }}</p>"])
        #expect(try library.renderString("mail.txt", TemplateValue.dictionary(["x": .string(row.value)])) == row.expected)
        #expect(try library.renderString("mail.html", TemplateValue.dictionary(["x": .string("<b>")])) == "<p>&lt;b&gt;</p>", "HTML is still escaped")
    }

    @Test func aTextTemplateMayUseTheLanguage() throws {
        let library = try TemplateLibrary(sources: ["list.txt": "{% for n in names %}- {{ n | upper }}\n{% endfor %}"])
        #expect(try library.renderString("list.txt", TemplateValue.dictionary(["names": .array([.string("a&b"), .string("c")])])) == "- A&B\n- C\n")
    }
}
