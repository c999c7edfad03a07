import Foundation
import Study
import Testing
import TestSupport

/// schemathesis (PyPI) against a live `bandup serve`, with an editor's token holding every scope,
/// over every operation of `openapi.yaml`: its default checks (no 5xx, responses and their
/// headers and media types as documented, every status documented, invalid requests refused,
/// valid ones accepted, authentication not ignored, unsupported methods refused) and the
/// stateful phase following the contract's links. The run must find nothing. Part of the
/// serialized `BrowserTests`, so it never loads the machine at the same time as a Chromium.
extension BrowserTests {
    /// Reproducible: the same seed generates the same requests.
    static let schemathesisSeed = "20261207"

    @Test func theContractHoldsUnderSchemathesis() async throws {
        let postgres = try PostgresServer.shared.get(), redis = try RedisServer()
        let database = try await postgres.createDatabase()
        let (server, port) = try ServeProcessTests.serve(database: database, postgres: postgres, redis: redis, extra: [
            "API_REQUESTS_PER_MINUTE": "1000000", "API_ADDRESS_REQUESTS_PER_MINUTE": "1000000", "FEEDBACK_OFFLINE_PAUSE_MS": "0",
        ])
        defer { server.terminate() }
        #expect(await ServeProcessTests.waitFor(port, "/readyz", status: 200) != nil, "\(server.output)")
        let url = postgres.url(database: database)
        #expect(try await BandUpProcess.runAside(["content", "import", "Content"], environment: ["DATABASE_URL": url]).status == 0)
        let created = try await BandUpProcess.runAside(["user", "create", "--email", "schemathesis@example.com", "--role", "editor"], environment: ["DATABASE_URL": url],
                                            input: "a long enough password\n")
        #expect(created.status == 0, "\(created.output)")
        let made = try await BandUpProcess.runAside(["user", "token", "--email", "schemathesis@example.com", "--scopes", "read,practice,feedback,content:write", "--days", "1"],
                                         environment: ["DATABASE_URL": url])
        let token = try #require(made.output.split(separator: "\n").last.map(String.init), "\(made.output)")
        #expect(token.hasPrefix("bu_"), "\(made.output)")
        // Something to review, so the flashcard operations reach their logic rather than a 404.
        try await postgres.withClient(database: database) { client in
            let user = try await client.query("SELECT id FROM users WHERE email = 'schemathesis@example.com'").decode(Int64.self).reduce(0) { $1 }
            let decks = Decks(client: client)
            let deck = try await decks.create(userID: user, name: "Test words")
            _ = try await decks.add([NewCard(term: "mitigate", definition: "to make less severe"), NewCard(term: "ubiquitous", definition: "found everywhere")],
                                    to: deck, userID: user, now: Date())
        }

        // Niced: the rest of the suite shares the two cores, and its timing tests must not starve.
        let run = try await ChildProcess.runAside("/usr/bin/env", [
            // The repository's contract (the server serves the same file) against the live server.
            "nice", "-n", "15", "schemathesis", "--config-file", "Tests/API/schemathesis.toml", "run", "openapi.yaml", "--url", "http://127.0.0.1:\(port)",
            "-H", "Authorization: Bearer \(token)", "--max-examples", "15", "--seed", Self.schemathesisSeed, "--generation-database", "none", "--no-color",
        ], in: BandUpProcess.repositoryRoot, environment: ["SCHEMATHESIS_HOOKS": ""])
        let summary = run.output.components(separatedBy: "SUMMARY").last ?? run.output
        let cases = summary.firstMatch(of: /([0-9]+) generated/)?.1
        print("schemathesis: \(cases ?? "?") test cases generated over \(summary.firstMatch(of: /Tested: ([0-9]+)/)?.1 ?? "?") operations")
        #expect(run.status == 0, "\(run.output.suffix(12_000))\n--- bandup serve ---\n\(server.output.suffix(3000))")
        #expect(summary.contains("Tested: 23"), "every operation: \(summary)")
        #expect(!summary.contains("failure") && !summary.contains("errored"), "\(summary)")
        #expect(Int(cases ?? "0") ?? 0 > 400, "schemathesis generated enough cases: \(summary)")
    }
}
