import Hummingbird
import PostgresNIO
import Templates

/// TechEmpower's Fortunes test on BandUp's own stack: the site's middleware (rate limit, session,
/// CSRF, security headers, access log, metrics), its PostgreSQL pool behind the request deadline
/// and our template engine. `Benchmarks/Web` measures it beside the Hummingbird reference and
/// checks that both answer the same bytes. Registered only with `BANDUP_ENV=test`; the harness
/// creates the `fortune` table (it is no part of BandUp's schema).
struct FortunesController {
    let templates: TemplateLibrary
    let backends: Backends

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("_test/fortunes") { _, _ in try await fortunes() }
    }

    /// One query, the extra row, a sort by message, the page: as the test's rules ask.
    func fortunes() async throws -> Response {
        var fortunes = try await backends.database { postgres in
            var rows: [Fortune] = []
            for try await (id, message) in try await postgres.query("SELECT id, message FROM fortune").decode((Int32, String).self) {
                rows.append(Fortune(id: id, message: message))
            }
            return rows
        }
        fortunes.append(Fortune(id: 0, message: "Additional fortune added at request time."))
        fortunes.sort { $0.message < $1.message }
        let bytes = try templates.render("benchmark/fortunes.html", Page(fortunes: fortunes))
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    struct Fortune: Sendable, TemplateObject {
        let id: Int32
        let message: String

        func templateMember(_ name: String) -> TemplateValue? {
            switch name {
            case "id": .int(Int(id))
            case "message": .string(message)
            default: nil
            }
        }
    }

    struct Page: TemplateObject {
        let fortunes: [Fortune]
        func templateMember(_ name: String) -> TemplateValue? { name == "fortunes" ? fortunes.templateValue : nil }
    }
}
