import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import TestSupport
import Testing
@testable import BandUpWeb

/// The benchmark's BandUp-stack Fortunes page (`/_test/fortunes`, test servers only) is
/// TechEmpower's page exactly: Benchmarks/Web compares it byte for byte with the Hummingbird
/// reference, and this proves it against the specification spelled out here.
@Suite struct FortunesPageTests {
    /// Makes the `fortune` table of `Benchmarks/Web/fortunes.sql` in the server's database.
    static func createTable(_ postgres: PostgresClient) async throws {
        let script = try String(contentsOfFile: TestSite.root + "/Benchmarks/Web/fortunes.sql", encoding: .utf8)
        let statements = script.components(separatedBy: ";\n").map { $0.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n") }
        for statement in statements where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            try await postgres.query(PostgresQuery(unsafeSQL: statement))
        }
    }

    static let rows: [(Int, String)] = [
        (1, "fortune: No such file or directory"),
        (2, "A computer scientist is someone who fixes things that aren't broken."),
        (3, "After enough decimal points, nobody gives a damn."),
        (4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
        (5, "A computer program does what you tell it to do, not what you want it to do."),
        (6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"),
        (7, "Any program that runs right is obsolete."),
        (8, "A list is only as strong as its weakest link. — Donald Knuth"),
        (9, "Feature: A bug with seniority."),
        (10, "Computers make very fast, very accurate mistakes."),
        (11, "<script>alert(\"This should not be displayed in a browser alert box.\");</script>"),
        (12, "フレームワークのベンチマーク"),
        (0, "Additional fortune added at request time."),
    ]

    @Test func theFortunesPageIsTechEmpowersPage() async throws {
        try await TestSite.withServer { client, server, _ in
            try await Self.createTable(server.backends.postgres)
            let response = try await client.execute(uri: "/_test/fortunes", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let sorted = Self.rows.sorted { $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) }
            let escaped = { (text: String) in
                text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                    .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
            }
            let expected = "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>"
                + sorted.map { "<tr><td>\($0.0)</td><td>\(escaped($0.1))</td></tr>" }.joined() + "</table></body></html>"
            #expect(String(buffer: response.body) == expected)
            #expect(String(buffer: response.body).contains("<tr><td>11</td><td>&lt;script&gt;alert(&quot;This should not"))
        }
    }

    @Test func onlyTestServersHaveTheFortunesPage() async throws {
        try await TestSite.withServer(adjust: { $0.environment = .development }) { client, server, _ in
            try await Self.createTable(server.backends.postgres)
            #expect(try await client.execute(uri: "/_test/fortunes", method: .get).status == .notFound)
        }
    }
}
