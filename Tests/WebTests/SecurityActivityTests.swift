import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BandUpWeb

/// Security events: what happened to an account, shown to its learner ("recent activity") and to
/// admins, and nobody else's.
@Suite struct SecurityActivityTests {
    @Test func aLearnerSeesWhatHappenedToTheirAccountAndAnAdminSeesEveryAccount() async throws {
        try await TestSite.withServer { client, server, _ in
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            #expect(try await Browser(client).signIn(email: "ana@example.com", password: "not the password").status == .unauthorized)
            #expect(try await Browser(client).signIn(email: "nobody@example.com", password: "not the password").status == .unauthorized)
            // A miss is recorded after the answer: wait for it, so the order below is the order of events.
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                let rows = try await server.backends.postgres.query("SELECT count(*)::int FROM security_events WHERE kind = 'sign-in-failed'")
                if try await rows.decode(Int.self).reduce(0, { $1 }) == 1 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await ana.signIn(email: "ana@example.com").status == .seeOther)
            _ = try await ana.get("/account")
            #expect(try await ana.post("/account/password", [("currentPassword", "correct horse battery"), ("newPassword", "a brand new passphrase")]).status == .seeOther)
            _ = try await ana.get(try await TestSite.confirmationPath(server, "ana@example.com"))
            _ = try await ana.get("/account/tokens")
            #expect(try await ana.post("/account/tokens", [("name", "my phone"), ("scopes", "read"), ("days", "30")]).status == .created)

            let page = try await ana.get("/account")
            let kinds = page.text.matches(of: /data-event="([a-z-]+)"/).map { String($0.1) }
            #expect(kinds == ["token-created", "email-confirmed", "password-changed", "signed-in", "sign-in-failed"], "newest first: \(kinds)")
            #expect(page.text.contains("API token made (my phone)") && page.text.contains("Firefox on Linux"))

            let bo = Browser(client)
            _ = try await bo.signUp(email: "bo@example.com", name: "Bo")
            #expect(!(try await bo.get("/account").text.contains("data-event=\"sign-in-failed\"")), "Bo sees only Bo's events")

            try await server.backends.postgres.query("UPDATE users SET role = 'admin' WHERE email = 'bo@example.com'")
            try await TestSite.turnOnTwoFactor(server, email: "bo@example.com")
            let admin = try await bo.get("/admin/users")
            #expect(admin.text.contains("<td>ana@example.com</td><td>A wrong password was tried</td>"))
            let id = try #require(admin.text.firstMatch(of: /action="\/admin\/users\/(\d+)\/role"/)?.1)
            _ = try await bo.post("/admin/users/\(id)/role", [("role", "editor")])
            #expect(try await bo.get("/admin/users").text.contains("Role changed by an admin (learner to editor by bo@example.com)"))
        }
    }
}
