import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BandUpWeb

/// Who may open what: every route of the site, for every kind of visitor. A new route must be
/// added here (the test checks that the table covers the router).
@Suite struct RoleMatrixTests {
    enum Visitor: String, CaseIterable { case anonymous, learner, editor, admin }

    /// Method, path, and the status each visitor gets (anonymous, learner, editor, admin).
    /// 303 for anonymous means "sent to sign in". POSTs are sent with a valid token and origin.
    static let matrix: [(HTTPRequest.Method, String, [Int])] = [
        (.get, "/", [200, 200, 200, 200]),
        (.get, "/ielts", [200, 200, 200, 200]),
        (.get, "/lessons", [200, 200, 200, 200]),
        (.get, "/lessons/{slug}", [404, 404, 404, 404]),    // no lessons imported in this database
        (.post, "/lessons/{slug}/done", [303, 404, 404, 404]),
        (.post, "/lessons/{slug}/check", [404, 404, 404, 404]),
        (.get, "/healthz", [200, 200, 200, 200]),
        (.get, "/readyz", [200, 200, 200, 200]),
        (.get, "/metrics", [404, 404, 404, 404]),         // loopback or token only; the router client is remote
        (.get, "/_test/slow", [200, 200, 200, 200]),      // BANDUP_ENV=test only
        (.get, "/_test/fortunes", [200, 200, 200, 200]),  // BANDUP_ENV=test only (the benchmark's table is made below)
        (.get, "/assets/**", [200, 200, 200, 200]),       // the fingerprinted stylesheet
        (.head, "/assets/**", [200, 200, 200, 200]),
        (.get, "/sign-in", [200, 303, 303, 303]),
        (.post, "/sign-in", [401, 401, 401, 401]),       // empty credentials
        (.get, "/sign-up", [200, 200, 200, 200]),
        (.post, "/sign-up", [422, 422, 422, 422]),       // empty form
        (.get, "/password/forgot", [200, 200, 200, 200]),
        (.post, "/password/forgot", [422, 422, 422, 422]),  // no address
        (.get, "/password/reset", [410, 410, 410, 410]),    // no link
        (.post, "/password/reset", [410, 410, 410, 410]),
        (.get, "/account", [303, 200, 200, 200]),
        (.post, "/account/sessions/end", [303, 303, 303, 303]),
        (.post, "/account/sign-out-everywhere", [303, 303, 303, 303]),
        (.post, "/account/password", [303, 422, 422, 422]),
        (.get, "/account/tokens", [303, 200, 200, 200]),
        (.post, "/account/tokens", [303, 403, 403, 403]),                 // the address is not confirmed yet
        (.post, "/account/email/verify", [303, 303, 303, 303]),            // a new link, back to the account page
        (.get, "/email/confirm", [410, 410, 410, 410]),                    // no link
        (.post, "/account/email", [303, 422, 422, 422]),                  // no password
        (.get, "/account/data.zip", [303, 200, 200, 200]),
        (.get, "/email/change/confirm", [410, 410, 410, 410]),
        (.get, "/email/change/undo", [410, 410, 410, 410]),
        (.post, "/email/change/undo", [410, 410, 410, 410]),
        (.post, "/account/tokens/{id}/revoke", [303, 404, 404, 404]),     // nobody's token
        (.get, "/developers/api", [200, 200, 200, 200]),
        (.get, "/admin/users", [303, 403, 403, 200]),
        (.post, "/admin/users/{id}/role", [303, 403, 403, 400]),  // an admin changing their own role: refused
        (.get, "/admin/mail", [303, 403, 403, 200]),
        (.post, "/admin/mail/{id}/retry", [303, 403, 403, 303]),  // no such message: nothing changes
        (.get, "/tests", [200, 200, 200, 200]),
        (.post, "/tests/{slug}/attempts", [303, 404, 404, 404]),          // no tests imported in this database
        (.get, "/tests/attempts/{id}", [303, 404, 404, 404]),              // nobody's attempt
        (.post, "/tests/attempts/{id}/answers", [303, 404, 404, 404]),
        (.post, "/tests/attempts/{id}/recording", [303, 404, 404, 404]),
        (.get, "/tests/attempts/{id}/review", [303, 404, 404, 404]),
        (.post, "/tests/attempts/{id}/submit", [303, 404, 404, 404]),
        (.get, "/tests/attempts/{id}/result", [303, 404, 404, 404]),
        (.get, "/dashboard", [303, 200, 200, 200]),
        (.get, "/writing", [200, 200, 200, 200]),
        (.get, "/speaking", [200, 200, 200, 200]),
        (.get, "/writing/{slug}", [303, 404, 404, 404]),                  // no prompts imported in this database
        (.get, "/speaking/{slug}", [303, 404, 404, 404]),
        (.get, "/answers", [303, 200, 200, 200]),
        (.get, "/answers/{id}", [303, 404, 404, 404]),                    // nobody's answer
        (.post, "/answers/{id}/draft", [303, 404, 404, 404]),
        (.post, "/answers/{id}/recording", [303, 404, 404, 404]),
        (.get, "/answers/{id}/recording", [303, 404, 404, 404]),
        (.post, "/answers/{id}/submit", [303, 404, 404, 404]),
        (.post, "/answers/{id}/retry", [303, 404, 404, 404]),
        (.post, "/answers/{id}/transcript", [303, 404, 404, 404]),
        (.get, "/answers/{id}/events", [303, 404, 404, 404]),
        (.get, "/editor/lessons", [303, 403, 200, 200]),
        (.get, "/editor/lessons/new", [303, 403, 200, 200]),
        (.post, "/editor/lessons", [303, 403, 422, 422]),           // an empty form
        (.get, "/editor/lessons/{slug}", [303, 403, 404, 404]),
        (.post, "/editor/lessons/{slug}", [303, 403, 404, 404]),
        (.post, "/editor/lessons/{slug}/unpublish", [303, 403, 404, 404]),
        (.get, "/editor/lessons/{slug}/revisions", [303, 403, 404, 404]),
        (.get, "/editor/lessons/{slug}/diff", [303, 403, 400, 400]),  // no revisions named
        (.post, "/editor/lessons/{slug}/revisions/{number}/restore", [303, 403, 404, 404]),
        (.post, "/editor/preview", [303, 403, 200, 200]),
        (.post, "/editor/uploads", [303, 403, 415, 415]),           // a form is not an image
        (.get, "/media/uploads/{name}", [404, 404, 404, 404]),
        (.head, "/media/uploads/{name}", [404, 404, 404, 404]),
        (.get, "/flashcards", [303, 200, 200, 200]),
        (.post, "/flashcards/decks", [303, 303, 303, 303]),                // an empty name: back with a message
        (.get, "/flashcards/decks/{deck}", [303, 404, 404, 404]),          // nobody's deck
        (.post, "/flashcards/decks/{deck}/cards", [303, 404, 404, 404]),
        (.post, "/flashcards/decks/{deck}/rename", [303, 404, 404, 404]),
        (.post, "/flashcards/decks/{deck}/delete", [303, 404, 404, 404]),
        (.get, "/flashcards/decks/{deck}/export", [303, 404, 404, 404]),
        (.post, "/flashcards/cards/{card}/delete", [303, 404, 404, 404]),
        (.post, "/flashcards/import", [303, 303, 303, 303]),               // no CSV: back with a message
        (.get, "/flashcards/review", [303, 200, 200, 200]),
        (.post, "/flashcards/review/{card}", [303, 404, 404, 404]),
        (.get, "/flashcards/generate", [303, 200, 200, 200]),
        (.post, "/flashcards/generate", [303, 303, 303, 303]),             // nothing chosen: back with a message
        (.get, "/flashcards/sets/{set}", [303, 404, 404, 404]),
        (.get, "/flashcards/sets/{set}/events", [303, 404, 404, 404]),
        (.post, "/flashcards/sets/{set}/keep", [303, 404, 404, 404]),
        (.post, "/flashcards/sets/{set}/retry", [303, 404, 404, 404]),
        (.post, "/lessons/{slug}/flashcards", [303, 404, 404, 404]),
        (.get, "/dictation", [303, 200, 200, 200]),
        (.post, "/dictation/sessions", [303, 303, 303, 303]),              // no level: back with a message
        (.get, "/dictation/sessions/{session}", [303, 404, 404, 404]),
        (.post, "/dictation/sessions/{session}/answers", [303, 404, 404, 404]),
        (.get, "/sign-in/code", [303, 303, 303, 303]),          // no sign-in waiting for a code: back to sign in
        (.post, "/sign-in/code", [303, 303, 303, 303]),
        (.get, "/account/two-factor", [303, 200, 200, 200]),
        (.post, "/account/two-factor/setup", [303, 303, 303, 303]),
        (.post, "/account/two-factor/confirm", [303, 422, 422, 422]),     // no code (staff: already on)
        (.post, "/account/two-factor/recovery-codes", [303, 422, 422, 422]),  // no password
        (.post, "/account/two-factor/off", [303, 422, 422, 422]),
        (.post, "/account/google/unlink", [303, 303, 303, 303]),
        (.get, "/account/delete", [303, 200, 200, 200]),
        (.post, "/account/delete", [303, 422, 422, 422]),          // an empty form: no password, no DELETE; nothing asked
        (.post, "/account/delete/cancel", [303, 303, 303, 303]),   // nothing to cancel: back to the account page
        (.post, "/sign-out", [303, 303, 303, 303]),             // last: it ends the session
    ]

    @Test func theMatrixCoversEveryRoute() async throws {
        try await TestSite.withServer { _, server, _ in
            // The API's routes come from its contract, and APIContractTests checks them against it.
            let routes = Set(try server.router().routes.filter { !$0.path.description.hasPrefix("/api/") }.map { "\($0.method) \($0.path)" })
            let covered = Set(Self.matrix.map { "\($0.0) \($0.1)" })
            #expect(routes == covered, "missing: \(routes.subtracting(covered)), stale: \(covered.subtracting(routes))")
        }
    }

    @Test(arguments: Visitor.allCases) func everyRouteForEveryVisitor(_ visitor: Visitor) async throws {
        try await TestSite.withServer { client, server, _ in
            let browser = Browser(client)
            if visitor != .anonymous {
                _ = try await browser.signUp(email: "\(visitor.rawValue)@example.com")
                if visitor != .learner {
                    let users = server.backends.postgres
                    try await users.query("UPDATE users SET role = \(visitor.rawValue) WHERE email = \(visitor.rawValue + "@example.com")")
                    try await TestSite.turnOnTwoFactor(server, email: visitor.rawValue + "@example.com")
                }
            }
            try await FortunesPageTests.createTable(server.backends.postgres)
            if visitor == .anonymous { try await browser.get("/sign-up") }  // a page with a form: the anonymous CSRF token
            let ownID = try await server.backends.postgres.query("SELECT coalesce(max(id), 0) FROM users").decode(Int64.self).reduce(0) { $1 }
            for (method, path, statuses) in Self.matrix {
                let expected = statuses[Visitor.allCases.firstIndex(of: visitor)!]
                let uri = path.replacingOccurrences(of: "{id}", with: String(ownID)).replacingOccurrences(of: "{slug}", with: "no-such-lesson")
                    .replacingOccurrences(of: "{number}", with: "1").replacingOccurrences(of: "{name}", with: String(repeating: "0", count: 32) + ".png")
                    .replacingOccurrences(of: "**", with: server.assets.entry("css/app.css")!.path)
                    .replacingOccurrences(of: "{deck}", with: "987654").replacingOccurrences(of: "{card}", with: "987654")
                    .replacingOccurrences(of: "{set}", with: UUID().uuidString).replacingOccurrences(of: "{session}", with: UUID().uuidString)
                    + (path == "/_test/slow" ? "?ms=1" : "")
                try await browser.get("/")  // a fresh token, as from a page
                let response = switch method {
                case .get: try await browser.get(uri)
                case .head: try await client.execute(uri: uri, method: .head)
                default: try await browser.post(uri)
                }
                #expect(response.status.code == expected, "\(visitor) \(method) \(uri)")
            }
        }
    }
}
