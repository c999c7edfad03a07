// Stencil 0.15.1 with the templates in Templates/stencil/.
//
// What it took to get identical bytes:
// * Stencil has no auto-escaping: every text output goes through a custom
//   `e` filter producing &amp; &lt; &gt; &quot; &#39;.
// * Custom filters `band`, `percent`, `date:"d MMM yyyy"` and `pluralize`
//   call the shared `Formatting` helpers; `upper` is Stencil's `uppercase`,
//   `count` is the `.count` key path, `super()` is `{{ block.super }}`.
// * `{% include "x" with a=b %}` does not exist; includes see the whole
//   context, so the per-render context carries `active` and `target` too.
//
// "Parsed once": Stencil's `FileSystemLoader`/`DictionaryLoader` create (and
// lex) a new `Template` on every `{% extends %}`/`{% include %}`, i.e. many
// times per render. `PreparsedLoader` lexes each file once up front and hands
// out the same `Template`. Stencil still turns tokens into nodes inside every
// `Template.render` call; its public API has no way to keep the node tree, so
// that cost stays in the measurement, as in any Stencil app.

import Foundation
import Stencil

struct StencilEngine: TemplateEngine {
    let name = "Stencil"
    private let environment: Environment

    init() throws {
        let ext = Extension()
        ext.registerFilter("e") { value in stencilEscape(value) }
        ext.registerFilter("band") { value in (value as? Double).map(Formatting.band) }
        ext.registerFilter("percent") { value in (value as? Double).map(Formatting.percent) }
        ext.registerFilter("pluralize") { value in (value as? Int).map(Formatting.pluralize) }
        ext.registerFilter("date") { (value: Any?, arguments: [Any?]) -> Any? in
            guard let date = value as? Date else { return nil }
            let format = arguments.first as? String ?? "d MMM yyyy"
            if format == "d MMM yyyy" { return Formatting.shortDate(date) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            return formatter.string(from: date)
        }
        var sources: [String: String] = [:]
        for (name, text) in try TemplateFiles.loadAll("stencil", extension: "html") {
            sources[name + ".html"] = text
        }
        let loader = PreparsedLoader(sources: sources)
        environment = Environment(loader: loader, extensions: [ext])
        for name in sources.keys { _ = try environment.loadTemplate(name: name) }
    }

    func renderFortunes(_ fortunes: [Fortune]) throws -> [UInt8] {
        let html = try environment.renderTemplate(name: "fortunes.html", context: ["fortunes": fortunes])
        return Array(html.utf8)
    }

    func renderBandUp(_ page: BandUpPage) throws -> [UInt8] {
        var context: [String: Any] = [
            "user": page.user,
            "active": page.section,
            "year": page.year,
            "stylesheet": page.stylesheet,
            "results": page.results,
        ]
        if let target = page.user.targetBand { context["target"] = target }
        let html = try environment.renderTemplate(name: "bandup/results.html", context: context)
        return Array(html.utf8)
    }
}

/// Hands out one `Template` per name, created (lexed) on first use.
final class PreparsedLoader: Loader {
    private let sources: [String: String]
    private var templates: [String: Template] = [:]

    init(sources: [String: String]) {
        self.sources = sources
    }

    func loadTemplate(name: String, environment: Environment) throws -> Template {
        if let template = templates[name] { return template }
        guard let source = sources[name] else {
            throw TemplateDoesNotExist(templateNames: [name], loader: self)
        }
        let template = environment.templateClass.init(templateString: source, environment: environment, name: name)
        templates[name] = template
        return template
    }
}

/// The `e` filter: HTML-escape the value's text, returning the original
/// String untouched (no allocation) when nothing needs escaping.
private func stencilEscape(_ value: Any?) -> Any? {
    guard let value else { return nil }
    let text = value as? String ?? String(describing: value)
    let needsEscaping = text.utf8.contains { b in
        b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">")
            || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
    }
    guard needsEscaping else { return text }
    var out = [UInt8]()
    out.reserveCapacity(text.utf8.count + 16)
    for b in text.utf8 {
        switch b {
        case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
        default: out.append(b)
        }
    }
    return String(decoding: out, as: UTF8.self)
}
