// swift-mustache 2.1.1 (hummingbird-project), two ways of giving it data:
//
// * `MustacheParent`: the models conform and answer `child(named:)` with a
//   switch, computing the logic-less template's derived values (formatted
//   numbers, nav flags, `met`) on lookup. This is the library's fast path.
// * Mirror: the app builds plain view-model structs per render and the
//   library finds fields by reflection (`Mirror.children`), its default.
//
// Both use the same templates in Templates/mustache/. Mustache is logic-less
// (no comparisons, no filters, no `super`), so the derived values come from
// Swift and the title block spells out "Your results · BandUp". Escaping:
// swift-mustache's HTML escaping already produces &amp; &lt; &gt; &quot; &#39;,
// so nothing was changed there. Whitespace: a partial tag alone on a line is
// "standalone" and would eat that line's newline, so the layout puts a
// comment tag after `{{> bandup/nav}}` and `{{> bandup/footer}}`.

import Foundation
import Mustache

struct MustacheLibraryTemplates {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        // Registered as "bandup-layout" etc.: the parser rejects "/" in `{{/name}}` closing tags.
        for (path, text) in try TemplateFiles.loadAll("mustache", extension: "mustache") {
            try library.register(text, named: path.replacingOccurrences(of: "/", with: "-"))
        }
        self.library = library
    }

    func render(_ object: Any, _ name: String) throws -> [UInt8] {
        guard let html = library.render(object, withTemplate: name) else {
            throw BenchmarkError("mustache template \(name) not found")
        }
        return Array(html.utf8)
    }
}

// MARK: - MustacheParent (models conform)

struct MustacheParentEngine: TemplateEngine {
    let name = "swift-mustache (MustacheParent)"
    let templates: MustacheLibraryTemplates

    func renderFortunes(_ fortunes: [Fortune]) throws -> [UInt8] {
        try templates.render(["fortunes": fortunes], "fortunes")
    }

    func renderBandUp(_ page: BandUpPage) throws -> [UInt8] {
        try templates.render(page, "bandup-results")
    }
}

extension Fortune: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "message": message
        default: nil
        }
    }
}

extension BandUpPage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "user": user
        case "stylesheet": stylesheet
        case "year": year
        case "isPractice": section == "practice"
        case "isProgress": section == "progress"
        case "isFlashcards": section == "flashcards"
        case "hasTarget": BandUpWorkload.hasTarget(user.targetBand)
        case "targetBand": user.targetBand.map(Formatting.band)
        case "resultCount": results.count
        case "plural": results.count != 1
        case "results": results.map { MustacheResultRow(result: $0, target: user.targetBand) }
        default: nil
        }
    }
}

extension BandUpUser: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "targetBand": targetBand
        default: nil
        }
    }
}

/// A result as the row partial sees it (`result=r, target=user.targetBand`).
struct MustacheResultRow: MustacheParent {
    let result: TestResult
    let target: Double?

    func child(named key: String) -> Any? {
        switch key {
        case "met": BandUpWorkload.meets(result.band, target: target)
        case "date": Formatting.shortDate(result.takenAt)
        case "slug": result.slug
        case "title": result.title
        case "skill": result.skill.uppercased()
        case "correct": result.correct
        case "total": result.total
        case "percent": Formatting.percent(result.accuracy)
        case "band": Formatting.band(result.band)
        default: nil
        }
    }
}

// MARK: - Mirror (plain view models built per render)

struct MustacheMirrorEngine: TemplateEngine {
    let name = "swift-mustache (Mirror)"
    let templates: MustacheLibraryTemplates

    struct FortuneView { let id: Int; let message: String }
    struct FortunesView { let fortunes: [FortuneView] }

    struct UserView { let name: String }
    struct RowView {
        let met: Bool
        let date: String
        let slug: String
        let title: String
        let skill: String
        let correct: Int
        let total: Int
        let percent: String
        let band: String
    }
    struct PageView {
        let user: UserView
        let stylesheet: String
        let year: Int
        let isPractice: Bool
        let isProgress: Bool
        let isFlashcards: Bool
        let hasTarget: Bool
        let targetBand: String?
        let resultCount: Int
        let plural: Bool
        let results: [RowView]
    }

    func renderFortunes(_ fortunes: [Fortune]) throws -> [UInt8] {
        // `Fortune` conforms to MustacheParent (above), so copy into a plain struct.
        try templates.render(FortunesView(fortunes: fortunes.map { FortuneView(id: $0.id, message: $0.message) }), "fortunes")
    }

    func renderBandUp(_ page: BandUpPage) throws -> [UInt8] {
        let target = page.user.targetBand
        let view = PageView(
            user: UserView(name: page.user.name),
            stylesheet: page.stylesheet,
            year: page.year,
            isPractice: page.section == "practice",
            isProgress: page.section == "progress",
            isFlashcards: page.section == "flashcards",
            hasTarget: BandUpWorkload.hasTarget(target),
            targetBand: target.map(Formatting.band),
            resultCount: page.results.count,
            plural: page.results.count != 1,
            results: page.results.map { r in
                RowView(
                    met: BandUpWorkload.meets(r.band, target: target),
                    date: Formatting.shortDate(r.takenAt),
                    slug: r.slug,
                    title: r.title,
                    skill: r.skill.uppercased(),
                    correct: r.correct,
                    total: r.total,
                    percent: Formatting.percent(r.accuracy),
                    band: Formatting.band(r.band)
                )
            }
        )
        return try templates.render(view, "bandup-results")
    }
}
