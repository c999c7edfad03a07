// `--probe`: allocations per render of small templates against the BandUp page model, to find
// which construct allocates (a diagnostic for our engine, not a benchmark).

import CMallocCounter
import Templates

enum AllocationProbe {
    static let snippets: [String] = [
        "static text only",
        "{{ year }}",
        "{{ section }}",
        "{{ user.name }}",
        "{{ user.targetBand | band }}",
        "{% for r in results %}{% endfor %}",
        "{% for r in results %}{{ r.id }}{% endfor %}",
        "{% for r in results %}{{ r.title }}{% endfor %}",
        "{% for r in results %}{{ r.band | band }}{% endfor %}",
        "{% for r in results %}{{ r.accuracy | percent }}{% endfor %}",
        "{% for r in results %}{{ r.skill | upper }}{% endfor %}",
        "{% for r in results %}{{ r.takenAt | date('d MMM yyyy') }}{% endfor %}",
        "{% for r in results %}<a href=\"/tests/{{ r.slug }}/review\">{% endfor %}",
        "{% for r in results %}{% if r.band >= user.targetBand %}met{% endif %}{% endfor %}",
        "{{ results | count }} test{{ results | count | pluralize }}",
        "{% for r in results %}{{ user.targetBand }}{% endfor %}",
        "{% for r in results %}{% if r.band >= 7 %}met{% endif %}{% endfor %}",
        "{% for r in results %}{% if r.band %}met{% endif %}{% endfor %}",
        "{% for r in results %}{% if true %}met{% endif %}{% endfor %}",
        "{% for r in results %}{{ r.band >= 7 }}{% endfor %}",
    ]

    static func run(_ page: BandUpPage) throws {
        print("| template | allocs/render |\n|---|---:|")
        for snippet in snippets {
            let library = try TemplateLibrary(sources: ["p.html": snippet])
            _ = try library.render("p.html", page)
            let before = bench_malloc_count()
            for _ in 0..<100 { _ = try library.render("p.html", page) }
            let allocations = Double(bench_malloc_count() - before) / 100
            print("| `\(snippet)` | \(allocations) |")
        }
    }
}
