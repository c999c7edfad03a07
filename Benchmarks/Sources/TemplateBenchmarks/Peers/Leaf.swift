// Leaf via leaf-kit 1.14.3 with the templates in Templates/leaf/.
//
// API: `LeafRenderer` with an in-memory `LeafSource`, `DefaultLeafCache` and
// an `EmbeddedEventLoop`. Once a template's AST is flattened and cached (the
// first render, done before timing), `render(path:context:)` serializes on the
// calling thread and returns an already-succeeded future, which we read
// synchronously. The context is `[String: LeafData]` built per render from
// the models' `LeafDataRepresentable` conformances, as a Vapor app's encoder
// would produce.
//
// What it took to get identical bytes:
// * Leaf's HTML escaping already gives &amp; &lt; &gt; &quot; &#39;: unchanged.
// * Filters are custom tags `#band`, `#percent`, `#shortDate`, `#pluralize`
//   calling the shared `Formatting` helpers (Leaf's `#date` builds a new
//   DateFormatter per call); `upper` and `count` are Leaf's `#uppercased`
//   and `#count`.
// * No `super`: the title export spells out "Your results · BandUp"; no
//   for-empty: `#if(count(results) == 0)` after the loop; no include
//   parameters: `#extend("row")` inside the loop sees `result` and `target`.

import Foundation
import LeafKit
import NIOCore
import NIOEmbedded

struct LeafEngine: TemplateEngine {
    let name = "Leaf (leaf-kit)"
    private let renderer: LeafRenderer
    private let loop: EmbeddedEventLoop

    init() throws {
        loop = EmbeddedEventLoop()
        var tags = defaultTags
        tags["band"] = BandTag()
        tags["percent"] = PercentTag()
        tags["shortDate"] = ShortDateTag()
        tags["pluralize"] = PluralizeTag()
        let source = MemoryLeafSource(templates: try TemplateFiles.loadAll("leaf", extension: "leaf"))
        renderer = LeafRenderer(
            configuration: LeafConfiguration(rootDirectory: "/"),
            tags: tags,
            cache: DefaultLeafCache(),
            sources: .singleSource(source),
            eventLoop: loop
        )
    }

    func renderFortunes(_ fortunes: [Fortune]) throws -> [UInt8] {
        try render("fortunes", ["fortunes": .array(fortunes.map(\.leafData))])
    }

    func renderBandUp(_ page: BandUpPage) throws -> [UInt8] {
        try render("bandup/results", [
            "user": page.user.leafData,
            "active": .string(page.section),
            "year": .int(page.year),
            "stylesheet": .string(page.stylesheet),
            "results": .array(page.results.map(\.leafData)),
            "target": .double(page.user.targetBand),
        ])
    }

    private func render(_ path: String, _ context: [String: LeafData]) throws -> [UInt8] {
        let future = renderer.render(path: path, context: context)
        var result: Result<ByteBuffer, any Error>?
        future.assumeIsolated().whenComplete { result = $0 }
        if result == nil {
            loop.run()  // only on the first (uncached) render
        }
        guard let result else { throw BenchmarkError("Leaf render of \(path) did not complete") }
        let buffer = try result.get()
        return Array(buffer.readableBytesView)
    }
}

extension Fortune: LeafDataRepresentable {
    var leafData: LeafData {
        .dictionary(["id": .int(id), "message": .string(message)])
    }
}

extension BandUpUser: LeafDataRepresentable {
    var leafData: LeafData {
        .dictionary(["name": .string(name), "targetBand": .double(targetBand)])
    }
}

extension TestResult: LeafDataRepresentable {
    var leafData: LeafData {
        .dictionary([
            "id": .int(id),
            "title": .string(title),
            "slug": .string(slug),
            "skill": .string(skill),
            "band": .double(band),
            "correct": .int(correct),
            "total": .int(total),
            "accuracy": .double(accuracy),
            "takenAt": takenAt.leafData,
        ])
    }
}

/// Templates held in memory, keyed by name without extension ("bandup/nav").
struct MemoryLeafSource: LeafSource {
    let templates: [String: String]

    func file(template: String, escape: Bool, on eventLoop: any EventLoop) throws -> EventLoopFuture<ByteBuffer> {
        guard let text = templates[template] else {
            return eventLoop.makeFailedFuture(BenchmarkError("no Leaf template \(template)"))
        }
        return eventLoop.makeSucceededFuture(ByteBuffer(string: text))
    }
}

private struct BandTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let x = ctx.parameters.first?.double else { throw BenchmarkError("#band needs a number") }
        return .string(Formatting.band(x))
    }
}

private struct PercentTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let x = ctx.parameters.first?.double else { throw BenchmarkError("#percent needs a number") }
        return .string(Formatting.percent(x))
    }
}

/// `date("d MMM yyyy")`; Leaf passes dates as seconds since 1970.
private struct ShortDateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let t = ctx.parameters.first?.double else { throw BenchmarkError("#shortDate needs a date") }
        return .string(Formatting.shortDate(Date(timeIntervalSince1970: t)))
    }
}

private struct PluralizeTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let n = ctx.parameters.first?.int else { throw BenchmarkError("#pluralize needs an integer") }
        return .string(Formatting.pluralize(n))
    }
}
