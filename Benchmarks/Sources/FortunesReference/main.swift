// The peer of Benchmarks/Web: the TechEmpower Fortunes test as the field's reference stack writes
// it, Hummingbird 2 + PostgresNIO + swift-mustache, and nothing of BandUp.
// Usage: DATABASE_URL=postgres://user:password@host:port/db FortunesReference PORT
//   GET /fortunes   every row of `fortune` plus one added at request time, sorted by message,
//                   rendered by a Mustache template (HTML-escaped), text/html; charset=utf-8
//   GET /healthz    ok
//
// As the TFB rules ask: one query per request (no caching), the extra row added and the list
// sorted per request, escaping by the template engine. The models answer the template through
// `MustacheParent` (swift-mustache's fast path, not reflection), and the pool is PostgresNIO's
// `PostgresClient` with the size BandUp's own pool has (20), so the reference is as strong as
// the library allows and the two stacks hold the same number of PostgreSQL connections.
import Foundation
import Hummingbird
import Logging
import Mustache
import PostgresNIO

struct Fortune: Sendable, MustacheParent {
    let id: Int32
    let message: String

    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "message": message
        default: nil
        }
    }
}

let template = try MustacheTemplate(string: """
    <!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>\
    {{#fortunes}}<tr><td>{{id}}</td><td>{{message}}</td></tr>{{/fortunes}}</table></body></html>
    """)

/// `postgres://user:password@host:port/database` → PostgresNIO's configuration (no TLS: loopback).
func configuration(_ url: String) -> PostgresClient.Configuration {
    guard let parts = URLComponents(string: url), let host = parts.host, let user = parts.user else {
        fatalError("DATABASE_URL must look like postgres://user:password@host:port/database")
    }
    var configuration = PostgresClient.Configuration(host: host, port: parts.port ?? 5432, username: user,
                                                     password: parts.password, database: String(parts.path.dropFirst()), tls: .disable)
    configuration.options.maximumConnections = 20
    return configuration
}

let port = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 8091
var logger = Logger(label: "fortunes-reference")
logger.logLevel = .warning
let postgres = PostgresClient(configuration: configuration(ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""), backgroundLogger: logger)

let router = Router()
router.get("healthz") { _, _ in "ok" }
router.get("fortunes") { _, context -> Response in
    var fortunes: [Fortune] = []
    for try await (id, message) in try await postgres.query("SELECT id, message FROM fortune", logger: context.logger).decode((Int32, String).self) {
        fortunes.append(Fortune(id: id, message: message))
    }
    fortunes.append(Fortune(id: 0, message: "Additional fortune added at request time."))
    fortunes.sort { $0.message < $1.message }
    let html = template.render(["fortunes": fortunes])
    return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
}

var app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "hb2"), logger: logger)
app.addServices(postgres)
try await app.runService()
