import Foundation
import Testing
@testable import Templates

struct LanguageCase: CustomTestStringConvertible, Sendable {
    let template: String
    let expected: String
    var testDescription: String { template }
    init(_ template: String, _ expected: String) {
        self.template = template
        self.expected = expected
    }
}

var sampleContext: TemplateValue { [
    "name": "Amélie",
    "lesson": ["title": "Skimming & scanning", "minutes": 12, "tags": ["reading", "speed"]],
    "band": 6.5, "target": 7, "zero": 0, "empty": "", "nothing": nil, "yes": true, "no": false,
    "words": ["alpha", "beta", "gamma"], "nowords": [],
    "scores": ["reading": 7.5, "listening": 8],
    "taken": .date(Date(timeIntervalSince1970: 1_700_000_000)), // 2023-11-14 22:13:20 UTC, a Tuesday
    "long": "The quick brown fox jumps over the lazy dog",
    "fraction": 0.756, "count1": 1, "count3": 3, "big": 1e300,
] }

let languageCases: [LanguageCase] = [
    // Paths, subscripts, literals
    LanguageCase("{{ lesson.title }}", "Skimming &amp; scanning"),
    LanguageCase("{{ lesson['title'] }}", "Skimming &amp; scanning"),
    LanguageCase("{{ lesson.tags[1] }}", "speed"),
    LanguageCase("{{ lesson.tags[-1] }}", "speed"),
    LanguageCase("{{ words[zero] }}", "alpha"),
    LanguageCase("{{ 'single' }} {{ \"double\" }} {{ 42 }} {{ 2.5 }} {{ true }} {{ none }}", "single double 42 2.5 true "),
    LanguageCase("{{ nothing }}|", "|"),
    LanguageCase("{{ 'it\\'s' }}", "it&#39;s"),
    // Operators
    LanguageCase("{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 7 / 2 }} {{ 7 % 3 }} {{ -band }}", "7 9 3.5 1 -6.5"),
    LanguageCase("{{ 'a' + 'b' }} {{ 'n' ~ 1 }}", "ab n1"),
    LanguageCase("{{ band < target }} {{ band >= 6.5 }} {{ target == 7.0 }} {{ name != 'Bob' }}", "true true true true"),
    LanguageCase("{{ 'beta' in words }} {{ 'zeta' not in words }} {{ 'reading' in scores }} {{ 'ski' in lesson.title | lower }}", "true true true true"),
    LanguageCase("{{ yes and no }} {{ yes or no }} {{ not no }} {{ not (yes and no) }}", "false true true true"),
    LanguageCase("{{ nothing or 'fallback' }}", "fallback"),
    LanguageCase("{{ zero is even }} {{ count3 is odd }} {{ nothing is none }} {{ name is not none }}", "true true true true"),
    LanguageCase("{{ name is defined }} {{ missing is defined }} {{ lesson.nope is not defined }}", "true false true"),
    // Filters
    LanguageCase("{{ name | upper }} {{ name | lower }} {{ 'word' | capitalize }} {{ '  x  ' | trim }}", "AMÉLIE amélie Word x"),
    LanguageCase("{{ long | truncate(15) }}", "The quick brown…"),
    LanguageCase("{{ long | truncate(9, '...') }}", "The quick..."),
    LanguageCase("{{ 'short' | truncate(10) }}", "short"),
    LanguageCase("{{ missing | default('n/a') }} {{ nothing | default('none') }} {{ name | default('x') }} {{ lesson.nope | default(0) }}", "n/a none Amélie 0"),
    LanguageCase("{{ words | join(', ') }} {{ words | join }}", "alpha, beta, gamma alphabetagamma"),
    LanguageCase("{{ words | count }} {{ name | length }} {{ nowords | count }} {{ scores | count }}", "3 6 0 2"),
    LanguageCase("{{ words | first }} {{ words | last }} [{{ nowords | first }}{{ nothing | last }}]", "alpha gamma []"),
    LanguageCase("{{ taken | date('d MMM yyyy') }}", "14 Nov 2023"),
    LanguageCase("{{ taken | date(\"EEEE, d MMMM yyyy 'at' HH:mm\") }}", "Tuesday, 14 November 2023 at 22:13"),
    LanguageCase("{{ taken | date('dd/MM/yy h:mm a') }}", "14/11/23 10:13 PM"),
    LanguageCase("{{ taken | date }}", "14 Nov 2023"),
    LanguageCase("{{ band | band }} {{ target | band }} {{ 9 | band }} {{ 0 | band }}", "6.5 7.0 9.0 0.0"),
    LanguageCase("{{ fraction | percent }} {{ fraction | percent(1) }} {{ 1 | percent }} {{ 0.005 | percent }}", "76% 75.6% 100% 1%"),
    LanguageCase("{{ 2.456 | round(2) }} {{ 2.5 | round }} {{ -3 | abs }} {{ (fraction * big * big) | round }}", "2.46 3 3 inf"),
    LanguageCase("{{ count1 }} lesson{{ count1 | pluralize }}, {{ count3 }} lesson{{ count3 | pluralize }}", "1 lesson, 3 lessons"),
    LanguageCase("{{ count3 }} quiz{{ count3 | pluralize('zes') }} {{ count1 }} entr{{ count1 | pluralize('y,ies') }}", "3 quizzes 1 entry"),
    LanguageCase("{{ long | wordcount }}", "9"),
    LanguageCase("{{ lesson.tags | json }}", "[&quot;reading&quot;,&quot;speed&quot;]"),
    LanguageCase("{{ lesson.title | upper | truncate(8) }}", "SKIMMING…"),
    LanguageCase("{{ taken }}", "2023-11-14T22:13:20Z"),
    // Conditionals
    LanguageCase("{% if band >= target %}met{% elif band >= 6 %}close{% else %}below{% endif %}", "close"),
    LanguageCase("{% if empty %}a{% elif zero %}b{% elif nowords %}c{% elif nothing %}d{% else %}e{% endif %}", "e"),
    LanguageCase("{% if yes %}{% if no %}x{% else %}y{% endif %}{% endif %}", "y"),
    // Loops
    LanguageCase("{% for w in words %}{{ loop.index }}:{{ w }}{% if not loop.last %}, {% endif %}{% endfor %}", "1:alpha, 2:beta, 3:gamma"),
    LanguageCase("{% for w in words %}{% if loop.first %}[{% endif %}{{ loop.index0 }}/{{ loop.length }}/{{ loop.revindex }}{% if loop.last %}]{% endif %}{% endfor %}", "[0/3/3 1/3/2 2/3/1]".replacingOccurrences(of: " ", with: "")),
    LanguageCase("{% for w in nowords %}{{ w }}{% empty %}No words yet.{% endfor %}", "No words yet."),
    LanguageCase("{% for w in nothing %}{{ w }}{% else %}none{% endfor %}", "none"),
    LanguageCase("{% for skill, score in scores %}{{ skill }}={{ score }};{% endfor %}", "listening=8;reading=7.5;"),
    LanguageCase("{% for t in lesson.tags %}{% for w in words %}{{ loop.index }}{% endfor %}{{ loop.index }}|{% endfor %}", "1231|1232|"),
    LanguageCase("{% for w in words %}{{ w }}{% endfor %}{{ words | count }}", "alphabetagamma3"),
    // set
    LanguageCase("{% set total = words | count %}{% set label = 'Words: ' ~ total %}{{ label }}", "Words: 3"),
    LanguageCase("{% for w in words %}{% set last = w %}{% endfor %}{{ name }}", "Amélie"),
    // Comments, whitespace control, raw
    LanguageCase("a{# a comment with {{ tags }} #}b", "ab"),
    LanguageCase("<ul>\n  {%- for w in words %}\n  <li>{{ w }}</li>\n  {%- endfor %}\n</ul>", "<ul>\n  <li>alpha</li>\n  <li>beta</li>\n  <li>gamma</li>\n</ul>"),
    LanguageCase("a   {{- name -}}   b", "aAmélieb"),
    LanguageCase("a \n {#- gone -#} \n b", "ab"),
    LanguageCase("{% raw %}{{ not parsed }} {% if %}{% endraw %}", "{{ not parsed }} {% if %}"),
    LanguageCase("line\n", "line"),
    LanguageCase("line\n\n", "line\n"),
    LanguageCase("{{ '}}' }}", "}}"),
]

@Test(arguments: languageCases)
func language(_ row: LanguageCase) {
    #expect(render(row.template, sampleContext) == row.expected)
}

@Test func layoutsWithMultiLevelInheritanceAndSuper() throws {
    let templates = [
        "base.html": "<title>{% block title %}BandUp{% endblock %}</title><main>{% block content %}base{% endblock %}</main>{% block footer %}© BandUp{% endblock %}",
        "section.html": "{% extends \"base.html\" %}\n{% block title %}Practice · {{ super() }}{% endblock %}\n{% block content %}<nav>practice</nav>{% block body %}{% endblock %}{% endblock %}",
        "page.html": "{% extends 'section.html' %}\n{% block title %}{{ test }} · {{ super() }}{% endblock %}\n{% block body %}<h1>{{ test }}</h1>{% endblock %}",
    ]
    let library = try? TemplateLibrary(sources: templates)
    #expect(try library?.renderString("page.html", ["test": "Reading 1"] as TemplateValue)
        == "<title>Reading 1 · Practice · BandUp</title><main><nav>practice</nav><h1>Reading 1</h1></main>© BandUp")
    #expect(try library?.renderString("section.html", [:] as TemplateValue) == "<title>Practice · BandUp</title><main><nav>practice</nav></main>© BandUp")
    #expect(try library?.renderString("base.html", [:] as TemplateValue) == "<title>BandUp</title><main>base</main>© BandUp")
}

@Test func partialsSeeOnlyTheirParameters() throws {
    let templates = [
        "page.html": "{% for r in results %}{% include \"row.html\" with result=r, highlight=loop.first %}{% endfor %}",
        "row.html": "<tr{% if highlight %} class=\"first\"{% endif %}><td>{{ result.title }}</td></tr>",
    ]
    let library = try? TemplateLibrary(sources: templates)
    let context: TemplateValue = ["results": [["title": "A<"], ["title": "B"]]]
    #expect(try library?.renderString("page.html", context) == "<tr class=\"first\"><td>A&lt;</td></tr><tr><td>B</td></tr>")

    let leaky = compileErrors(["page.html": "{% include 'p.html' %}", "p.html": "{{ secret }}"])
    #expect(leaky.map(\.message) == ["undefined variable 'secret'"])
    #expect(leaky.first?.hint?.contains("with name=value") == true)
}

@Test func partialsAreEscapedInTheirCallersContext() {
    let templates = [
        "page.html": "<a title=\"{% include 'label.html' with v=x %}\">{% include 'label.html' with v=x %}</a>",
        "label.html": "{{ v }}",
    ]
    #expect(render(templates["page.html"]!, ["x": "\"<"], partials: ["label.html": "{{ v }}"]) == "<a title=\"&quot;&lt;\">&quot;&lt;</a>")
}

@Test func macrosWithParametersDefaultsAndImports() {
    let components = """
    {% macro badge(band, target=7) %}<span class="badge {% if band >= target %}met{% else %}below{% endif %}">{{ band | band }}</span>{% endmacro %}
    {% macro link(href, label) %}<a href="{{ href }}">{{ label }}</a>{% endmacro %}
    """
    let page = """
    {% import "components.html" as ui %}{% from "components.html" import link as a %}{% macro local(x) %}[{{ x }}]{% endmacro %}\
    {{ ui.badge(6.5) }}|{{ ui.badge(band=8, target=8.5) }}|{{ a("javascript:alert(1)", "x<") }}|{{ local(1) }}
    """
    #expect(render(page, [:], partials: ["components.html": components])
        == "<span class=\"badge below\">6.5</span>|<span class=\"badge below\">8.0</span>|<a href=\"#\">x&lt;</a>|[1]")
}

@Test func encodableModelsJustWork() throws {
    struct Lesson: Encodable { let title: String; let minutes: Int; let tags: [String]; let published: Date; let note: String? }
    struct Page: Encodable { let lesson: Lesson; let body: TrustedHTML }
    let library = try TemplateLibrary(sources: ["p.html": "<h1>{{ lesson.title }}</h1>{{ lesson.tags | join(', ') }} {{ lesson.minutes }}m {{ lesson.published | date('d MMM yyyy') }} [{{ lesson.note }}]{{ body }}"])
    let page = Page(lesson: Lesson(title: "A & B", minutes: 12, tags: ["x", "y"], published: Date(timeIntervalSince1970: 0), note: nil),
                    body: TrustedHTML(trustedSource: "<p>md</p>"))
    let html = String(decoding: try library.render("p.html", encoding: page), as: UTF8.self)
    #expect(html == "<h1>A &amp; B</h1>x, y 12m 1 Jan 1970 []<p>md</p>")
}

struct Fortune: TemplateObject {
    let id: Int
    let message: String
    func templateMember(_ name: String) -> TemplateValue? {
        switch name {
        case "id": .int(id)
        case "message": .string(message)
        default: nil
        }
    }
}

struct FortunesPage: TemplateObject {
    let fortunes: [Fortune]
    func templateMember(_ name: String) -> TemplateValue? { name == "fortunes" ? fortunes.templateValue : nil }
}

@Test func templateObjectsAreReadMemberByMember() throws {
    let library = try TemplateLibrary(sources: ["f.html": "{% for f in fortunes %}{{ f.id }}={{ f.message }};{% endfor %}{{ fortunes[1].message }}"])
    let page = FortunesPage(fortunes: [Fortune(id: 1, message: "<a>"), Fortune(id: 2, message: "b")])
    #expect(try library.renderString("f.html", page) == "1=&lt;a&gt;;2=b;b")
    let missing = try TemplateLibrary(sources: ["f.html": "{% for f in fortunes %}{{ f.author }}{% endfor %}"])
    #expect(throws: TemplateError.self) { try missing.render("f.html", page) }
}

@Test func everyNumericTypeEncodes() throws {
    struct Counts: Encodable {
        let a: Int8 = -8, b: Int16 = 16, c: Int32 = 32, d: Int64 = 64, e: UInt = 1, f: UInt8 = 8, g: UInt16 = 16
        let h: UInt32 = 32, i: UInt64 = .max, j: Float = 1.5, list: [UInt8] = [1, 2], nested: [[Int32]] = [[3]]
    }
    let library = try TemplateLibrary(sources: ["c.html": "{{ a }} {{ b }} {{ c }} {{ d }} {{ e }} {{ f }} {{ g }} {{ h }} {{ i > 1 }} {{ j }} {{ list | join(',') }} {{ nested[0][0] }}"])
    #expect(String(decoding: try library.render("c.html", encoding: Counts()), as: UTF8.self) == "-8 16 32 64 1 8 16 32 true 1.5 1,2 3")
}

@Test func numericEdgesAreErrorsOrValuesNeverTraps() {
    #expect(render("{{ 0.5 | percent(20) }}").hasPrefix("ERROR: 'percent' takes 0 to 9 decimal places"))
    #expect(render("{{ n % -1 }} {{ -n }} {{ n | abs }}", ["n": .int(.min)]) == "0 9.223372036854776e+18 9.223372036854776e+18")
    #expect(render("{{ 1 / 0 }}").hasPrefix("ERROR: division by zero"))
}
