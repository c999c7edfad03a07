import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BandUpWeb

/// Accounts through the web layer, on real PostgreSQL and Redis.
@Suite struct AccountFlowTests {
    @Test func signUpSignsInAndShowsTheAccount() async throws {
        try await TestSite.withServer { client, _, _ in
            let browser = Browser(client)
            let page = try await browser.signUp(email: "Ana@Example.com")
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>Your account</h1>") && page.text.contains("<dd>ana@example.com</dd>"))
            #expect(page.text.contains("Welcome to BandUp, Ana!"))
            #expect(page.text.contains("Firefox on Linux <strong>(this device)</strong>"))
            let cookie = try #require(browser.cookies["bandup_session"])
            #expect(cookie.count == 43)
        }
    }

    @Test func theSignUpFormKeepsWhatWasTypedExceptThePassword() async throws {
        try await TestSite.withServer { client, _, _ in
            let browser = Browser(client)
            try await browser.get("/sign-up")
            let page = try await browser.post("/sign-up", [("email", "ana@example"), ("displayName", "Ana <b>"), ("password", "short pw"),
                                                          ("targetBand", "6.5")])
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("Please check 2 fields"))
            #expect(page.text.contains("value=\"ana@example\"") && page.text.contains("value=\"Ana &lt;b&gt;\"") && page.text.contains("value=\"6.5\""))
            #expect(!page.text.contains("short pw"))
            #expect(page.text.contains("aria-invalid=\"true\" aria-describedby=\"password-error\""))
        }
    }

    @Test func signingInRotatesTheSessionAndSigningOutDeletesIt() async throws {
        try await TestSite.withServer { client, _, redis in
            let browser = Browser(client)
            _ = try await browser.signUp(email: "ana@example.com")
            let first = try #require(browser.cookies["bandup_session"])
            let again = try await browser.signIn(email: "ana@example.com")
            #expect(again.status == .seeOther && again.headers[.location] == "/account")
            let second = try #require(browser.cookies["bandup_session"])
            #expect(second != first)
            // The old id no longer works.
            let thief = Browser(client)
            thief.cookies["bandup_session"] = first
            #expect(try await thief.get("/account").status == .seeOther)

            try await browser.get("/")
            let out = try await browser.post("/sign-out")
            #expect(out.status == .seeOther && browser.cookies["bandup_session"] == nil)
            let replay = Browser(client)
            replay.cookies["bandup_session"] = second
            #expect(try await replay.get("/account").status == .seeOther, "signed out in Redis, not only the cookie")
            _ = redis
        }
    }

    @Test func wrongPasswordsAndUnknownEmailsGetTheSameAnswer() async throws {
        try await TestSite.withServer { client, _, _ in
            let browser = Browser(client)
            _ = try await browser.signUp(email: "ana@example.com")
            let stranger = Browser(client)
            let wrong = try await stranger.signIn(email: "ana@example.com", password: "not the password")
            let unknown = try await stranger.signIn(email: "nobody@example.com", password: "not the password")
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            #expect(wrong.text.contains("The email address or password is not right."))
            #expect(unknown.text.contains("The email address or password is not right."))
            #expect(wrong.text.contains("value=\"ana@example.com\""), "the email is kept")
        }
    }

    @Test func failedSignInsAreLimitedWithRetryAfter() async throws {
        try await TestSite.withServer { client, _, _ in
            let browser = Browser(client)
            _ = try await browser.signUp(email: "ana@example.com")
            let attacker = Browser(client)
            for _ in 0..<5 { #expect(try await attacker.signIn(email: "ana@example.com", password: "guess guess guess").status == .unauthorized) }
            let limited = try await attacker.signIn(email: "ana@example.com", password: "correct horse battery")
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") != nil)
            #expect(limited.text.contains("Too many failed attempts"))
        }
    }

    /// The `next` after signing in, and where it must lead.
    static let redirects: [(String, String)] = [
        ("/account", "/account"), ("/ielts?x=1", "/ielts?x=1"),
        ("https://evil.example/", "/account"), ("//evil.example", "/account"), ("/\\evil.example", "/account"),
        ("/%2fevil.example", "/account"), ("javascript:alert(1)", "/account"), ("", "/account"), ("/a b", "/account"),
        ("http:/evil.example", "/account"),
    ]

    @Test(arguments: redirects) func onlySameSiteRedirectsAfterSignIn(_ next: String, _ expected: String) async throws {
        #expect(SafeRedirect.path(next) == expected)
    }

    @Test func anonymousVisitorsAreSentToSignInAndBack() async throws {
        try await TestSite.withServer { client, _, _ in
            let browser = Browser(client)
            _ = try await browser.signUp(email: "ana@example.com")
            try await browser.get("/")
            _ = try await browser.post("/sign-out")
            let away = try await browser.get("/account")
            #expect(away.status == .seeOther && away.headers[.location] == "/sign-in?next=/account")
            let form = try await browser.get("/sign-in?next=/account")
            #expect(form.text.contains("name=\"next\" value=\"/account\""))
            let signedIn = try await browser.post("/sign-in", [("email", "ana@example.com"), ("password", "correct horse battery"), ("next", "/account")])
            #expect(signedIn.headers[.location] == "/account")
            try await browser.get("/account")
            let evil = try await browser.post("/sign-in", [("email", "ana@example.com"), ("password", "correct horse battery"), ("next", "//evil.example")])
            #expect(evil.headers[.location] == "/account")
        }
    }

    @Test func signOutEverywhereAndEndingOneSession() async throws {
        try await TestSite.withServer { client, _, _ in
            let laptop = Browser(client)
            _ = try await laptop.signUp(email: "ana@example.com")
            let phone = Browser(client), tablet = Browser(client)
            phone.userAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1"
            _ = try await phone.signIn(email: "ana@example.com")
            _ = try await tablet.signIn(email: "ana@example.com")
            let account = try await laptop.get("/account")
            #expect(account.text.contains("Safari on iOS"))
            let handles = account.text.matches(of: /name="handle" value="([0-9a-f]{64})"/).map { String($0.1) }
            #expect(handles.count == 2)
            // End the phone's session only... which one is the phone is shown by device; end both one by one.
            _ = try await laptop.post("/account/sessions/end", [("handle", handles[0])])
            let remaining = [phone, tablet].filter { _ in true }
            var alive = 0
            for device in remaining where try await device.get("/account").status == .ok { alive += 1 }
            #expect(alive == 1)
            _ = try await laptop.get("/account")
            _ = try await laptop.post("/account/sign-out-everywhere")
            for device in [phone, tablet] { #expect(try await device.get("/account").status == .seeOther) }
            #expect(try await laptop.get("/account").status == .ok, "this device stays signed in")
        }
    }

    @Test func changingThePasswordEndsOtherSessions() async throws {
        try await TestSite.withServer { client, _, _ in
            let laptop = Browser(client), phone = Browser(client)
            _ = try await laptop.signUp(email: "ana@example.com")
            _ = try await phone.signIn(email: "ana@example.com")
            try await laptop.get("/account")
            let bad = try await laptop.post("/account/password", [("currentPassword", "wrong password"), ("newPassword", "another fine phrase")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("That is not your current password."))
            let good = try await laptop.post("/account/password", [("currentPassword", "correct horse battery"), ("newPassword", "another fine phrase")])
            #expect(good.status == .seeOther)
            #expect(try await phone.get("/account").status == .seeOther)
            #expect(try await laptop.get("/account").status == .ok)
        }
    }

    @Test func redisDownMeansFriendly503ForSignInAndSignedInPagesThenRecovery() async throws {
        try await TestSite.withServer { client, _, redis in
            let browser = Browser(client)
            _ = try await browser.signUp(email: "ana@example.com")
            redis.stop()
            for response in [try await browser.get("/account"), try await Browser(client).signIn(email: "ana@example.com")] {
                #expect(response.status == .serviceUnavailable)
                #expect(response.text.contains("BandUp is taking a short break"))
                #expect(response.headers[.retryAfter] == "5")
            }
            try redis.start()
            // The client reconnects by itself (after its short fail-fast delay); no restart of BandUp.
            // This Redis kept nothing (no persistence in tests), so the session is gone: sign in again.
            var again = Browser(client)
            for _ in 0..<50 {
                if try await again.signIn(email: "ana@example.com").status == .seeOther { break }
                try await Task.sleep(for: .milliseconds(100))
                again = Browser(client)
            }
            #expect(try await again.get("/account").status == .ok)
        }
    }

    @Test func productionCookiesAreSecureWithTheHostPrefix() async throws {
        try await TestSite.withServer(adjust: { $0.environment = .production }) { client, _, _ in
            let page = try await client.execute(uri: "/sign-in", method: .get)
            let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("__Host-bandup_csrf=") })
            for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] { #expect(cookie.contains(attribute), "\(cookie)") }
            #expect(!cookie.contains("Domain="))
        }
    }

    @Test func aLearnerCannotEndAnotherLearnersSession() async throws {
        try await TestSite.withServer { client, server, _ in
            let ana = Browser(client), bo = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            _ = try await bo.signUp(email: "bo@example.com", name: "Bo")
            let handles = try await server.backends.redis.send(["KEYS", "session:*"]).array?.compactMap(\.string) ?? []
            #expect(handles.count == 2)
            try await ana.get("/account")
            for key in handles { _ = try await ana.post("/account/sessions/end", [("handle", String(key.dropFirst("session:".count)))]) }
            #expect(try await bo.get("/account").status == .ok, "Bo is still signed in")
            #expect(!(try await ana.get("/account").text.contains("bo@example.com")))
        }
    }

    @Test func anAdminChangesARoleAndThatAccountsSessionsEnd() async throws {
        try await TestSite.withServer { client, server, _ in
            let admin = Browser(client), learner = Browser(client)
            _ = try await admin.signUp(email: "admin@example.com", name: "Admin")
            try await server.backends.postgres.query("UPDATE users SET role = 'admin' WHERE email = 'admin@example.com'")
            try await TestSite.turnOnTwoFactor(server, email: "admin@example.com")
            _ = try await learner.signUp(email: "kim@example.com", name: "Kim")
            let page = try await admin.get("/admin/users")
            #expect(page.status == .ok && page.text.contains("kim@example.com"))
            let id = try #require(page.text.firstMatch(of: /action="\/admin\/users\/(\d+)\/role"/)?.1)
            let changed = try await admin.post("/admin/users/\(id)/role", [("role", "editor")])
            #expect(changed.status == .seeOther)
            #expect(try await admin.get("/admin/users").text.contains("Kim is now an editor."))
            #expect(try await learner.get("/account").status == .seeOther, "signed out: the next session gets a new id")
            let again = try await learner.signIn(email: "kim@example.com")
            #expect(again.status == .seeOther)
            #expect(try await learner.get("/account").text.contains("<dd>Editor</dd>"))
            let bad = try await admin.post("/admin/users/\(id)/role", [("role", "owner")])
            #expect(bad.status == .badRequest)
        }
    }
}
