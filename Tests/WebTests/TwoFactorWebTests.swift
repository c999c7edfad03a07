import Auth
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BandUpWeb

/// Two-step verification through the pages: set-up with the server's QR code, recovery codes shown
/// once, the second step at sign-in (and its refusals), and staff refused at publish and at user
/// management until they have it.
@Suite struct TwoFactorWebTests {
    /// Sets up two-step verification for the signed-in `browser` as a person would; returns the
    /// app's codes and the recovery codes.
    static func setUp(_ browser: Browser, password: String = "correct horse battery") async throws -> (TOTP, [String]) {
        _ = try await browser.get("/account/two-factor")
        let pending = try await browser.follow(try await browser.post("/account/two-factor/setup"))
        #expect(pending.text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\"") && pending.text.contains("aria-label=\"QR code for your authenticator app\""))
        #expect(pending.headers[.cacheControl] == "no-store")
        let key = try #require(pending.text.firstMatch(of: /<code id="setup-key">([A-Z2-7 ]+)<\/code>/)).1
        let totp = TOTP(secret: try #require(Base32.decode(String(key))))
        let wrong = try await browser.post("/account/two-factor/confirm", [("code", totp.code(step: totp.step(at: Date()) + 3)), ("password", password)])
        #expect(wrong.status == .unprocessableContent && wrong.text.contains("That code is not right"))
        let noPassword = try await browser.post("/account/two-factor/confirm", [("code", totp.code(step: totp.step(at: Date()))), ("password", "a guess")])
        #expect(noPassword.status == .unprocessableContent && noPassword.text.contains("That is not your password"), "a session alone cannot add a phone")
        let shown = try await browser.post("/account/two-factor/confirm", [("code", totp.code(step: totp.step(at: Date()))), ("password", password)])
        #expect(shown.status == .ok && shown.headers[.cacheControl] == "no-store")
        let codes = shown.text.matches(of: /<li><code>([0-9a-z]{5}-[0-9a-z]{5})<\/code><\/li>/).map { String($0.1) }
        #expect(codes.count == 10)
        return (totp, codes)
    }

    @Test func aLearnerTurnsItOnAndSignsInWithACodeThenARecoveryCode() async throws {
        try await TestSite.withServer { client, server, _ in
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            #expect(try await ana.get("/account").text.contains("Set up two-step verification"))
            let (totp, codes) = try await Self.setUp(ana)
            let on = try await ana.get("/account/two-factor")
            #expect(on.text.contains("<strong>on</strong>") && on.text.contains("<strong>10</strong> unused recovery codes") && !on.text.contains(codes[0]),
                    "the codes are never shown again")

            // The password alone: a second step, no session yet.
            let phone = Browser(client)
            let password = try await phone.signIn(email: "ana@example.com")
            #expect(password.status == .seeOther && password.headers[.location] == "/sign-in/code")
            #expect(try await phone.get("/account").status == .seeOther, "not signed in before the code")
            let form = try await phone.get("/sign-in/code")
            #expect(form.status == .ok && form.text.contains("autocomplete=\"one-time-code\""))
            let confirmedStep = totp.step(at: Date())
            let reused = try await phone.post("/sign-in/code", [("code", totp.code(step: confirmedStep))])
            #expect(reused.status == .unauthorized && reused.text.contains("used already"), "the code that confirmed set-up")
            // The next step's code is inside the window and newer than any used.
            let signedIn = try await phone.post("/sign-in/code", [("code", totp.code(step: confirmedStep + 1))])
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/account")
            #expect(try await phone.get("/account").status == .ok)

            // A recovery code signs in once; the page says so.
            let laptop = Browser(client)
            _ = try await laptop.signIn(email: "ana@example.com")
            let recovered = try await laptop.follow(try await laptop.post("/sign-in/code", [("code", codes[3].uppercased())]))
            #expect(recovered.status == .ok && recovered.text.contains("You signed in with a recovery code"))
            let again = Browser(client)
            _ = try await again.signIn(email: "ana@example.com")
            #expect(try await again.post("/sign-in/code", [("code", codes[3])]).status == .unauthorized, "each recovery code works once")
            let activity = try await ana.get("/account").text
            #expect(activity.contains("data-event=\"recovery-code-used\"") && activity.contains("data-event=\"two-factor-enabled\""))

            // Turning it off needs the password and a code.
            let refused = try await ana.post("/account/two-factor/off", [("password", "not it"), ("code", codes[5])])
            #expect(refused.status == .unprocessableContent && refused.text.contains("nothing has changed"))
            #expect(try await ana.post("/account/two-factor/off", [("password", "correct horse battery"), ("code", codes[5])]).status == .seeOther)
            #expect(try await Browser(client).signIn(email: "ana@example.com").headers[.location] == "/account")
        }
    }

    @Test func aSecondStepEndsAfterFiveWrongCodesAndNeedsItsOwnBrowser() async throws {
        try await TestSite.withServer { client, server, _ in
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            _ = try await Self.setUp(ana)
            let thief = Browser(client)
            _ = try await thief.signIn(email: "ana@example.com")
            for _ in 0..<4 { #expect(try await thief.post("/sign-in/code", [("code", "000000")]).status == .unauthorized) }
            let ended = try await thief.post("/sign-in/code", [("code", "000000")])
            #expect(ended.status == .seeOther && ended.headers[.location] == "/sign-in")
            #expect(try await thief.follow(ended).text.contains("Too many wrong codes. Sign in again with your password."))
            #expect(try await thief.get("/sign-in/code").headers[.location] == "/sign-in", "the waiting sign-in is gone")
            // Another browser has no waiting sign-in to finish.
            let other = Browser(client)
            _ = try await other.get("/sign-in")
            #expect(try await other.post("/sign-in/code", [("code", "123456")]).headers[.location] == "/sign-in")
        }
    }

    @Test func staffWithoutASecondStepCannotPublishOrManageUsers() async throws {
        try await TestSite.withServer { client, server, _ in
            let editor = Browser(client)
            _ = try await editor.signUp(email: "ed@example.com", name: "Edith")
            try await server.backends.postgres.query("UPDATE users SET role = 'admin' WHERE email = 'ed@example.com'")
            let admin = try await editor.get("/admin/users")
            #expect(admin.status == .forbidden && admin.text.contains("Turn on two-step verification first"))
            _ = try await editor.get("/editor/lessons/new")
            let refused = try await editor.post("/editor/lessons", EditorTests.fields(action: "publish"))
            #expect(refused.status == .forbidden && refused.text.contains("Turn on two-step verification first"))
            #expect(refused.text.contains("Read the first line of each paragraph."), "the text is kept in the form")
            let draft = try await editor.post("/editor/lessons", EditorTests.fields())
            #expect(draft.status == .seeOther, "a draft can still be saved")
            _ = try await editor.get("/editor/lessons/skimming-for-gist")
            #expect(try await editor.post("/editor/lessons/skimming-for-gist/unpublish").status == .forbidden)

            // Through the API with a token: refused to publish, a draft still saved.
            let api = try await APIClient.make(client, server, role: .editor, scopes: [.read, .contentWrite])
            try await server.backends.postgres.query("DELETE FROM two_factor WHERE user_id = \(api.userID)")
            let markdown = APIOperationsTests.lesson
            let apiRefused = try await api.request(.put, "/api/v1/lessons/linking-words-contrast", json: ["markdown": .string(markdown)])
            #expect(apiRefused.status == .forbidden && apiRefused.text.contains("two-step verification"), "\(apiRefused.text)")
            let apiDraft = try await api.request(.put, "/api/v1/lessons/linking-words-contrast", json: ["markdown": .string(markdown), "publish": false])
            #expect(apiDraft.status == .created, "\(apiDraft.text)")

            // Before set-up: another session of hers, and a publishing token made with the password alone.
            let laptop = Browser(client)
            #expect(try await laptop.signIn(email: "ed@example.com").status == .seeOther)
            let edID = try await server.backends.postgres.query("SELECT id FROM users WHERE email = 'ed@example.com'").decode(Int64.self).reduce(0) { $1 }
            let (oldToken, _) = try await AccessTokens(client: server.backends.postgres).create(userID: edID, role: .admin, name: "old", scopes: [.contentWrite], expiresAt: nil)

            _ = try await Self.setUp(editor)
            #expect(try await laptop.get("/account").status == .seeOther, "other sessions end: they never passed the second step")
            let revoked = try await server.backends.postgres.query("SELECT revoked_at IS NOT NULL FROM access_tokens WHERE id = \(oldToken.id)")
                .decode(Bool.self).reduce(false) { $1 }
            #expect(revoked, "a publishing token made before the second step stops working")
            #expect(try await editor.get("/admin/users").status == .ok)
            _ = try await editor.get("/editor/lessons/skimming-for-gist")
            let published = try await editor.post("/editor/lessons/skimming-for-gist", EditorTests.fields(revision: 1, action: "publish"))
            #expect(try await editor.follow(published).text.contains("Learners now see it."))
        }
    }
}
