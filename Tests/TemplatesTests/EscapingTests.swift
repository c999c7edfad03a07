import Testing
@testable import Templates

/// One row: a template, the value of `x`, and the exact page expected.
struct EscapeCase: CustomTestStringConvertible, Sendable {
    let template: String
    let value: String
    let expected: String
    var testDescription: String { "\(template) ← \(value.debugDescription)" }
    init(_ template: String, _ value: String, _ expected: String) {
        self.template = template
        self.value = value
        self.expected = expected
    }
}

let escapeCases: [EscapeCase] = [
    // Element text
    EscapeCase("<p>{{ x }}</p>", "plain", "<p>plain</p>"),
    EscapeCase("<p>{{ x }}</p>", "<b>\"'&", "<p>&lt;b&gt;&quot;&#39;&amp;</p>"),
    EscapeCase("<p>{{ x }}</p>", "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    EscapeCase("{{ x }}", "a&b", "a&amp;b"),
    EscapeCase("<p>{{ x }}</p>", "日本語 & émigré", "<p>日本語 &amp; émigré</p>"),
    EscapeCase("<p>{{ x }}</p>", "12345678<12345678>", "<p>12345678&lt;12345678&gt;</p>"),
    EscapeCase("<p>a < b {{ x }}</p>", "<", "<p>a < b &lt;</p>"),
    EscapeCase("<ul><li>{{ x }}</li></ul>", "</li><li>", "<ul><li>&lt;/li&gt;&lt;li&gt;</li></ul>"),
    EscapeCase("<p>{{ x }}</p><p>{{ x }}</p>", "'", "<p>&#39;</p><p>&#39;</p>"),
    // RCDATA
    EscapeCase("<title>{{ x }}</title>", "</title><script>", "<title>&lt;/title&gt;&lt;script&gt;</title>"),
    EscapeCase("<TITLE>{{ x }}</TITLE>", "&", "<TITLE>&amp;</TITLE>"),
    EscapeCase("<textarea name=\"essay\">{{ x }}</textarea>", "</textarea><b>", "<textarea name=\"essay\">&lt;/textarea&gt;&lt;b&gt;</textarea>"),
    EscapeCase("<textarea>{{ x }}</textarea><p>{{ x }}</p>", "<", "<textarea>&lt;</textarea><p>&lt;</p>"),
    // Quoted attribute values
    EscapeCase("<a title=\"{{ x }}\">", "\" onmouseover=\"alert(1)", "<a title=\"&quot; onmouseover=&quot;alert(1)\">"),
    EscapeCase("<a title='{{ x }}'>", "' onmouseover='alert(1)", "<a title='&#39; onmouseover=&#39;alert(1)'>"),
    EscapeCase("<input value=\"{{ x }}\">", "<>&", "<input value=\"&lt;&gt;&amp;\">"),
    EscapeCase("<div class=\"card {{ x }} wide\">", "a\"b", "<div class=\"card a&quot;b wide\">"),
    EscapeCase("<input type=\"text\" value = \"{{ x }}\" required>", "v", "<input type=\"text\" value = \"v\" required>"),
    EscapeCase("<p data-count=\"{{ x }}\">", "3", "<p data-count=\"3\">"),
    EscapeCase("<img alt=\"{{ x }}\" src=\"/a.png\">", "A \"quote\"", "<img alt=\"A &quot;quote&quot;\" src=\"/a.png\">"),
    EscapeCase("<meta name=\"description\" content=\"{{ x }}\">", "<x>", "<meta name=\"description\" content=\"&lt;x&gt;\">"),
    // URL attributes: the start of the value decides the scheme
    EscapeCase("<a href=\"{{ x }}\">", "javascript:alert(1)", "<a href=\"#\">"),
    EscapeCase("<a href=\"{{ x }}\">", "JaVaScRiPt:alert(1)", "<a href=\"#\">"),
    EscapeCase("<a href=\"{{ x }}\">", " javascript:alert(1)", "<a href=\"#\">"),
    EscapeCase("<a href=\"{{ x }}\">", "java\tscript:alert(1)", "<a href=\"#\">"),
    EscapeCase("<a href=\"{{ x }}\">", "java\nscript:alert(1)", "<a href=\"#\">"),
    EscapeCase("<a href=\"{{ x }}\">", "\u{1}javascript:alert(1)", "<a href=\"#\">"),
    EscapeCase("<a href=\"{{ x }}\">", "vbscript:msgbox(1)", "<a href=\"#\">"),
    EscapeCase("<a href=\"{{ x }}\">", "data:text/html;base64,PHNjcmlwdD4=", "<a href=\"#\">"),
    EscapeCase("<a href=\"{{ x }}\">", "livescript:x", "<a href=\"#\">"),
    EscapeCase("<a href=\"{{ x }}\">", "ftp://example.com/", "<a href=\"#\">"),
    EscapeCase("<a href=\"{{ x }}\">", "https://example.com/?a=1&b=2", "<a href=\"https://example.com/?a=1&amp;b=2\">"),
    EscapeCase("<a href=\"{{ x }}\">", "HTTP://example.com/a b", "<a href=\"HTTP://example.com/a%20b\">"),
    EscapeCase("<a href=\"{{ x }}\">", "mailto:help@bandup.example", "<a href=\"mailto:help@bandup.example\">"),
    EscapeCase("<a href=\"{{ x }}\">", "/lessons/1", "<a href=\"/lessons/1\">"),
    EscapeCase("<a href=\"{{ x }}\">", "lessons/1?tab=notes#top", "<a href=\"lessons/1?tab=notes#top\">"),
    EscapeCase("<a href=\"{{ x }}\">", "#section", "<a href=\"#section\">"),
    EscapeCase("<a href=\"{{ x }}\">", "//cdn.example/app.css", "<a href=\"//cdn.example/app.css\">"),
    EscapeCase("<a href=\"{{ x }}\">", "&#106;avascript:alert(1)", "<a href=\"&amp;#106;avascript:alert(1)\">"),
    EscapeCase("<a href=\"{{ x }}\">", "\" onclick=\"alert(1)", "<a href=\"%22%20onclick=%22alert(1)\">"),
    EscapeCase("<a href=\"{{ x }}\">", "/a'b<c>", "<a href=\"/a&#39;b%3Cc%3E\">"),
    EscapeCase("<a href=\"{{ x }}\">", "/café", "<a href=\"/caf%C3%A9\">"),
    EscapeCase("<a href='{{ x }}'>", "javascript:alert(1)", "<a href='#'>"),
    EscapeCase("<a HREF=\"{{ x }}\">", "javascript:alert(1)", "<a HREF=\"#\">"),
    EscapeCase("<a href=\"  {{ x }}\">", "javascript:alert(1)", "<a href=\"  #\">"),
    EscapeCase("<img src=\"{{ x }}\">", "javascript:alert(1)", "<img src=\"#\">"),
    EscapeCase("<form action=\"{{ x }}\">", "javascript:alert(1)", "<form action=\"#\">"),
    EscapeCase("<button formaction=\"{{ x }}\">", "javascript:alert(1)", "<button formaction=\"#\">"),
    EscapeCase("<video poster=\"{{ x }}\">", "javascript:alert(1)", "<video poster=\"#\">"),
    EscapeCase("<object data=\"{{ x }}\">", "javascript:alert(1)", "<object data=\"#\">"),
    EscapeCase("<blockquote cite=\"{{ x }}\">", "javascript:alert(1)", "<blockquote cite=\"#\">"),
    EscapeCase("<a data-href=\"{{ x }}\">", "javascript:alert(1)", "<a data-href=\"#\">"),
    EscapeCase("<svg><a xlink:href=\"{{ x }}\">", "javascript:alert(1)", "<svg><a xlink:href=\"#\">"),
    EscapeCase("<a data-next-url=\"{{ x }}\">", "javascript:alert(1)", "<a data-next-url=\"#\">"),
    EscapeCase("<link rel=\"stylesheet\" href=\"{{ x }}\">", "/assets/app.3f2a.css", "<link rel=\"stylesheet\" href=\"/assets/app.3f2a.css\">"),
    // URL path and query parts
    EscapeCase("<a href=\"/tests/{{ x }}/review\">", "javascript:alert(1)", "<a href=\"/tests/javascript:alert(1)/review\">"),
    EscapeCase("<a href=\"/tests/{{ x }}\">", "a b\"c", "<a href=\"/tests/a%20b%22c\">"),
    EscapeCase("<a href=\"/search?q={{ x }}\">", "band 7&up=1", "<a href=\"/search?q=band%207%26up%3D1\">"),
    EscapeCase("<a href=\"/search#{{ x }}\">", "a b", "<a href=\"/search#a%20b\">"),
    EscapeCase("<a href=\"https://bandup.example/{{ x }}\">", "x?y", "<a href=\"https://bandup.example/x?y\">"),
    EscapeCase("<a href=\"/s?q={{ x }}&amp;page=2\">", "a/b", "<a href=\"/s?q=a%2Fb&amp;page=2\">"),
    // Script: values become JSON literals
    EscapeCase("<script>var x = {{ x }};</script>", "hi", "<script>var x = \"hi\";</script>"),
    EscapeCase("<script>var x = {{ x }};</script>", "</script><script>alert(1)</script>",
               "<script>var x = \"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\";</script>"),
    EscapeCase("<script>var x = {{ x }};</script>", "<!--", "<script>var x = \"\\u003c!--\";</script>"),
    EscapeCase("<script>var x = {{ x }};</script>", "a\u{2028}b\u{2029}c", "<script>var x = \"a\\u2028b\\u2029c\";</script>"),
    EscapeCase("<script>var x = {{ x }};</script>", "\"quoted\" \\ back", "<script>var x = \"\\\"quoted\\\" \\\\ back\";</script>"),
    EscapeCase("<script>var x = {{ x }};</script>", "line\nbreak", "<script>var x = \"line\\nbreak\";</script>"),
    EscapeCase("<script>var x = {{ x }};</script>", "it's & <b>", "<script>var x = \"it\\u0027s \\u0026 \\u003cb\\u003e\";</script>"),
    EscapeCase("<SCRIPT>var x = {{ x }};</SCRIPT>", "<", "<SCRIPT>var x = \"\\u003c\";</SCRIPT>"),
    EscapeCase("<script type=\"application/json\">{{ x }}</script>", "<x>", "<script type=\"application/json\">\"\\u003cx\\u003e\"</script>"),
    EscapeCase("<script>var s = \"{{ x }}\";</script>", "\"; alert(1); \"", "<script>var s = \"\\u0022; alert(1); \\u0022\";</script>"),
    EscapeCase("<script>var s = '{{ x }}';</script>", "'; alert(1); '", "<script>var s = '\\u0027; alert(1); \\u0027';</script>"),
    EscapeCase("<script>var s = \"{{ x }}\";</script>", "</script>", "<script>var s = \"\\u003c\\u002fscript\\u003e\";</script>"),
    EscapeCase("<script>var s = \"{{ x }}\";</script>", "a\u{2028}", "<script>var s = \"a\\u2028\";</script>"),
    EscapeCase("<script>var s = \"a\\\"{{ x }}\";</script>", "b", "<script>var s = \"a\\\"b\";</script>"),
    EscapeCase("<script>var a = {{ x }} / 2;</script>", "4", "<script>var a = \"4\" / 2;</script>"),
    EscapeCase("<script>if (/a\\//.test(s)) { f({{ x }}); }</script>", "v", "<script>if (/a\\//.test(s)) { f(\"v\"); }</script>"),
    EscapeCase("<script>var r = a / b; var c = {{ x }};</script>", "v", "<script>var r = a / b; var c = \"v\";</script>"),
    EscapeCase("<script>// note\nvar c = {{ x }};</script>", "v", "<script>// note\nvar c = \"v\";</script>"),
    EscapeCase("<script>/* a */ var c = {{ x }};</script>", "v", "<script>/* a */ var c = \"v\";</script>"),
    EscapeCase("<script>var t = `a`; var c = {{ x }};</script>", "v", "<script>var t = `a`; var c = \"v\";</script>"),
    EscapeCase("<script>var c = {{ x }};</script><p>{{ x }}</p>", "<", "<script>var c = \"\\u003c\";</script><p>&lt;</p>"),
    // After the script, back to text
    EscapeCase("<script src=\"/a.js\"></script><p>{{ x }}</p>", "<", "<script src=\"/a.js\"></script><p>&lt;</p>"),
    EscapeCase("<style>p { color: red }</style><p>{{ x }}</p>", "<", "<style>p { color: red }</style><p>&lt;</p>"),
    EscapeCase("<!-- a comment --><p>{{ x }}</p>", "<", "<!-- a comment --><p>&lt;</p>"),
    EscapeCase("<!DOCTYPE html><p>{{ x }}</p>", "<", "<!DOCTYPE html><p>&lt;</p>"),
    EscapeCase("<br/><p>{{ x }}</p>", "<", "<br/><p>&lt;</p>"),
    EscapeCase("<input disabled><p>{{ x }}</p>", "<", "<input disabled><p>&lt;</p>"),
    EscapeCase("<a title=\"x > y\">{{ x }}</a>", "<", "<a title=\"x > y\">&lt;</a>"),
    EscapeCase("<p>1 <2 {{ x }}</p>", "<", "<p>1 <2 &lt;</p>"),
]

@Test(arguments: escapeCases)
func escapesForContext(_ row: EscapeCase) {
    #expect(render(row.template, ["x": .string(row.value)]) == row.expected)
}

/// Trusted HTML passes through only in element text.
@Test(arguments: [
    ("<div>{{ x }}</div>", "<div><em>ok</em></div>"),
    ("<title>{{ x }}</title>", "<title>&lt;em&gt;ok&lt;/em&gt;</title>"),
    ("<a title=\"{{ x }}\">", "<a title=\"&lt;em&gt;ok&lt;/em&gt;\">"),
    ("<script>var h = {{ x }};</script>", "<script>var h = \"\\u003cem\\u003eok\\u003c/em\\u003e\";</script>"),
])
func trustedHTMLOnlyInText(_ template: String, _ expected: String) {
    #expect(render(template, ["x": .html(TrustedHTML(trustedSource: "<em>ok</em>"))]) == expected)
}

@Test func nonStringValuesInScriptAreJSON() {
    let context: TemplateValue = ["n": 3, "d": 2.5, "b": true, "z": nil, "l": [1, "a<"], "o": ["k": "v", "a": [true]]]
    #expect(render("<script>f({{ n }}, {{ d }}, {{ b }}, {{ z }}, {{ l }}, {{ o }});</script>", context)
        == "<script>f(3, 2.5, true, null, [1,\"a\\u003c\"], {\"a\":[true],\"k\":\"v\"});</script>")
    #expect(render("<script>var o = {{ o | json }};</script>", context) == "<script>var o = {\"a\":[true],\"k\":\"v\"};</script>")
    #expect(render("<div data-config=\"{{ o | json }}\"></div>", context) == "<div data-config=\"{&quot;a&quot;:[true],&quot;k&quot;:&quot;v&quot;}\"></div>")
}

/// Positions where no escaping is safe are compile errors that say why.
@Test(arguments: [
    ("<{{ x }}>", "tag name"),
    ("<div {{ x }}>", "attribute name"),
    ("<div {{ x }}=\"1\">", "attribute name"),
    ("<div class=\"a\" {{ x }}>", "attribute name"),
    ("<a href={{ x }}>", "unquoted"),
    ("<a title=a{{ x }}>", "unquoted"),
    ("<a onclick=\"{{ x }}\">", "event handler"),
    ("<a ONCLICK=\"f({{ x }})\">", "event handler"),
    ("<body onload='{{ x }}'>", "event handler"),
    ("<div style=\"color: {{ x }}\">", "style attribute"),
    ("<style>p { color: {{ x }} }</style>", "<style>"),
    ("<!-- {{ x }} -->", "comment"),
    ("<!DOCTYPE {{ x }}>", "declaration"),
    ("<script>var s = `{{ x }}`;</script>", "template literal"),
    ("<script>// {{ x }}\n</script>", "comment"),
    ("<script>/* {{ x }} */</script>", "comment"),
    ("<script>var r = /{{ x }}/;</script>", "regular expression"),
    ("<script>var r = /[{{ x }}]/;</script>", "regular expression"),
    ("<script>return /{{ x }}/;</script>", "regular expression"),
    ("<iframe srcdoc=\"{{ x }}\"></iframe>", "parsed as HTML"),
    ("<xmp>{{ x }}</xmp>", "<xmp>"),
    ("a <{{ x }}", "tag name"),
    ("<p>{% if a %}<a href=\"{% endif %}\">", "different HTML contexts"),
    ("<a {% if a %}href=\"{% endif %}x\">", "different HTML contexts"),
    ("{% if a %}<script>{% endif %}", "different HTML contexts"),
    ("{% if a %}<!--{% else %}<p>{% endif %}-->", "different HTML contexts"),
    ("{% for i in xs %}<a title=\"{% endfor %}", "different HTML contexts"),
    ("<a href=\"{% if a %}/x?{% endif %}{{ x }}\">", "path or the query"),
    ("<script>{% if a %}x{% else %}({% endif %}/a/</script>", "ambiguous"),
    ("<a href=\"", "ends inside"),
    ("<a href=\"{{ x }}:alert(1)\">", "choose the scheme"),
    ("<a href=\"{% if a %}{{ x }}{% else %}/p{% endif %}:x\">", "choose the scheme"),
    ("<script>var a = 1;", "ends inside"),
])
func unsafePositionsAreCompileErrors(_ template: String, _ reason: String) {
    let output = render(template, ["x": "v", "a": true, "xs": [1]])
    #expect(output.hasPrefix("ERROR: "), "compiled: \(output)")
    #expect(output.contains(reason), "\(output)")
}

/// Conditionals that agree on their context compile, including those inside tags.
@Test(arguments: [
    ("<input type=\"checkbox\"{% if a %} checked{% endif %}>", "<input type=\"checkbox\" checked>"),
    ("<input {% if a %}checked{% endif %} name=\"n\">", "<input checked name=\"n\">"),
    ("<a class=\"{% if a %}on{% else %}off{% endif %}\" href=\"/{{ x }}\">", "<a class=\"on\" href=\"/v\">"),
    ("<a href=\"/s{% if a %}?q=1{% endif %}\">{{ x }}</a>", "<a href=\"/s?q=1\">v</a>"),
    ("<script>var a = {% if a %}1{% else %}2{% endif %} / 2;</script>", "<script>var a = 1 / 2;</script>"),
    ("{% for i in xs %}<li class=\"{{ x }}\">{{ i }}</li>{% endfor %}", "<li class=\"v\">1</li>"),
])
func agreeingBranchesCompile(_ template: String, _ expected: String) {
    #expect(render(template, ["x": "v", "a": true, "xs": [1]]) == expected)
}

/// Values that follow each other at the start of a URL are each filtered: together they cannot spell a scheme.
@Test func consecutiveValuesCannotAssembleAScheme() {
    #expect(render("<a href=\"{{ a }}{{ b }}\">", ["a": "javascript", "b": ":alert(1)"]) == "<a href=\"javascript#\">")
    #expect(render("<a href=\"{{ a }}{{ b }}\">", ["a": "java", "b": "script:alert(1)"]) == "<a href=\"java#\">")
    #expect(render("<a href=\"{{ a }}/{{ b }}\">", ["a": "https://bandup.example", "b": "a:b c"]) == "<a href=\"https://bandup.example/a:b%20c\">")
    #expect(render("<a href=\"{{ a }}{{ b }}\">", ["a": "/lessons/", "b": "7"]) == "<a href=\"/lessons/7\">")
}
