import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BandUpWeb

/// Every state-changing request needs this session's token and a same-origin browser.
@Suite struct CSRFTests {
    /// Token (nil: the page's), Origin, Sec-Fetch-Site, and whether the sign-out goes through.
    static let cases: [(String?, String?, String?, Bool)] = [
        (nil, Browser.origin, nil, true),
        (nil, nil, "same-origin", true),
        (nil, Browser.origin, "same-origin", true),
        ("", Browser.origin, nil, false),                              // no token
        ("x", Browser.origin, nil, false),                             // wrong token
        (String(repeating: "A", count: 43), Browser.origin, nil, false),
        (nil, "https://evil.example", nil, false),                     // cross-origin
        (nil, "null", nil, false),
        (nil, Browser.origin, "cross-site", false),
        (nil, Browser.origin, "same-site", false),
        (nil, nil, nil, false),                                        // the browser said nothing
    ]

    @Test(arguments: cases) func signOutNeedsTokenAndOrigin(_ token: String?, _ origin: String?, _ site: String?, _ allowed: Bool) async throws {
        try await TestSite.withServer { client, _, _ in
            let browser = Browser(client)
            _ = try await browser.signUp(email: "ana@example.com")
            let response = try await browser.post("/sign-out", csrf: token, origin: origin, fetchSite: site)
            if allowed {
                #expect(response.status == .seeOther)
            } else {
                #expect(response.status == .forbidden)
                #expect(response.text.contains("This form could not be sent"))
                #expect(try await browser.get("/account").status == .ok, "still signed in")
            }
        }
    }

    @Test func anonymousFormsNeedTheCookieToken() async throws {
        try await TestSite.withServer { client, _, _ in
            let browser = Browser(client)
            try await browser.get("/sign-up")
            #expect(browser.cookies["bandup_csrf"]?.count == 43)
            let forged = try await browser.post("/sign-up", [("email", "a@example.com"), ("displayName", "A"), ("password", "correct horse battery")],
                                                csrf: String(repeating: "B", count: 43))
            #expect(forged.status == .forbidden)
            let fresh = Browser(client)  // no cookie at all: the token cannot match
            let noCookie = try await fresh.post("/sign-up", [("email", "a@example.com")], csrf: String(repeating: "B", count: 43))
            #expect(noCookie.status == .forbidden)
        }
    }

    @Test func aFetchCanSendTheTokenAsAHeader() async throws {
        try await TestSite.withServer { client, _, _ in
            let browser = Browser(client)
            _ = try await browser.signUp(email: "ana@example.com")
            let response = try await client.execute(uri: "/sign-out", method: .post, headers: [
                .cookie: "bandup_session=\(browser.cookies["bandup_session"]!)", .origin: Browser.origin,
                HTTPField.Name("X-CSRF-Token")!: browser.lastCSRF,
            ])
            #expect(response.status == .seeOther)
        }
    }
}
