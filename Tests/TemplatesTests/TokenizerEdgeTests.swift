import Foundation
import Testing
@testable import Templates

/// Places where a template's static markup could make the engine and a browser disagree about
/// the context (found in review); each is now either tracked like a browser does or refused.
@Test(arguments: [
    // A conditional ending inside a tag or attribute name, continued after it.
    ("<div{% if a %} hidden{% endif %}title=\"{{ x }}\">", "still inside a tag or attribute name"),
    ("<div {% if a %}on{% endif %}click=\"{{ x }}\">", "still inside a tag or attribute name"),
    // `<!--` in a script switches the browser to escaped script data.
    ("<script>\n<!--\ndocument.write('<script src=\"/a.js\"></script>');\nvar user = {{ x }};\n//-->\n</script>", "'<!--' inside <script>"),
    // The scheme of a URL assembled from static letters, entities and values.
    ("<a href=\"java{{ x }}:alert(1)\">", "choose the scheme"),
    ("<a href=\"&{{ x }}\">", "character reference"),
    ("<a href=\"{{ x }}&#58;{{ x }}\">", "character reference"),
    // Text split by a template comment where one byte decides the context.
    ("<script>var s = \"a\\{# c #}\"; t = {{ x }};</script>", "backslash right before a template tag"),
    ("<script>var a = 1;</scr{# c #}ipt><p>{{ x }}</p>", "split by a template tag"),
    ("<title>a</tit{# c #}le>{{ x }}", "split by a template tag"),
])
func ambiguousMarkupIsRefused(_ template: String, _ reason: String) {
    let output = render(template, ["x": "v", "a": true])
    #expect(output.hasPrefix("ERROR: ") && output.contains(reason), "\(output)")
}

@Test(arguments: [
    // A conditional followed by a separator is fine.
    EscapeCase("<div{% if true %} hidden{% endif %} title=\"{{ x }}\">", "a\"b", "<div hidden title=\"a&quot;b\">"),
    EscapeCase("<tr{% if true %} class=\"first\"{% endif %}>{{ x }}", "<", "<tr class=\"first\">&lt;"),
    // Static scheme letters before a value: the value is still checked as a scheme.
    EscapeCase("<a href=\"java{{ x }}\">", "script:alert(1)", "<a href=\"java#\">"),
    EscapeCase("<a href=\"https:{{ x }}\">", "//cdn.example/a.js", "<a href=\"https://cdn.example/a.js\">"),
    // `++`/`--` end an expression: the slash after them divides.
    EscapeCase("<script>var h = n++ / 2, p = 'a/b', t = {{ x }};</script>", "alert(1)",
               "<script>var h = n++ / 2, p = 'a/b', t = \"alert(1)\";</script>"),
    // `</>` is ignored and `<!-->`, `<!--->` and `--!>` close comments, as in browsers.
    EscapeCase("<></><script>var x = {{ x }};</script>", "a", "<></><script>var x = \"a\";</script>"),
    EscapeCase("<!--><script>var x = {{ x }};</script>", "a", "<!--><script>var x = \"a\";</script>"),
    EscapeCase("<!---><p>{{ x }}</p>", "<", "<!---><p>&lt;</p>"),
    EscapeCase("<!-- a --!><p>{{ x }}</p>", "<", "<!-- a --!><p>&lt;</p>"),
    // A backslash before `<` does not hide `</script>` from the browser, nor from us.
    EscapeCase("<script>var s = \"\\</script><a href='{{ x }}'>", "javascript:alert(1)", "<script>var s = \"\\</script><a href='#'>"),
])
func browserLikeTokenizing(_ row: EscapeCase) {
    #expect(render(row.template, ["x": .string(row.value)]) == row.expected)
}

@Test func negativeNumbersInScriptCannotJoinAPrecedingMinus() {
    #expect(render("<script>var y = x -{{ n }} -{{ d }};</script>", ["n": -5, "d": -0.5]) == "<script>var y = x - -5 - -0.5;</script>")
}

@Test func numbersAndDatesOutOfRangeAreErrorsNotTraps() {
    #expect(render("{{ x | percent(9) }}", ["x": 1e8]) == "10000000000.0%") // too many digits for 9 places: no trap
    let far: TemplateValue = ["d": .date(Date(timeIntervalSince1970: 1e300))]
    for template in ["{{ d }}", "{{ d | date }}", "{{ d | date('yyyy') | upper }}", "<script>var d = {{ d }};</script>"] {
        #expect(render(template, far) == "ERROR: the date is out of range", "\(template)")
    }
}

@Test func listsAndObjectsCompareByValue() {
    let context: TemplateValue = ["a": ["k": [1, 2]], "b": ["k": [1, 2]], "c": ["k": [1, 3]], "xs": [1, 2]]
    #expect(render("{{ a == b }} {{ a == c }} {{ a.k == [1, 2] }} {{ xs == [1, 2] }}", context) == "true false true true")
}
