import AsyncHTTPClient
import Auth
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing
@testable import BandUpWeb

/// Sign in with Google against a stand-in provider that speaks the real protocol (its own keys,
/// discovery, JWKS, authorization with PKCE, token endpoint): new accounts, linking an existing
/// one with its password, the second step, and every forged token refused with a clear page.
@Suite struct GoogleSignInTests {
    static let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    static func withGoogle(_ body: @escaping @Sendable (any TestClientProtocol, BandUpServer, ServerProcess) async throws -> Void) async throws {
        let provider = try OpenIDStandIn.start()
        try await TestSite.withServer(adjust: { settings in
            settings.google = GoogleSettings(clientID: OpenIDStandIn.clientID, clientSecret: OpenIDStandIn.clientSecret, issuer: "http://127.0.0.1:\(provider.port)")
        }) { client, server, _ in try await body(client, server, provider) }
    }

    /// Starts a Google sign-in in `browser`, chooses `email` on the provider's page as a person
    /// would, and returns BandUp's answer to the callback.
    static func signIn(_ browser: Browser, email: String, verified: Bool = true, name: String = "Ana Lima") async throws -> TestResponse {
        let started = try await browser.get("/auth/google")
        #expect(started.status == .seeOther)
        let location = try #require(started.headers[.location])
        let components = try #require(URLComponents(string: location))
        let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["code_challenge_method"] == "S256" && query["code_challenge"]?.count == 43 && query["nonce"]?.isEmpty == false)
        #expect(query["response_type"] == "code" && query["scope"] == "openid email profile" && query["client_id"] == OpenIDStandIn.clientID)
        let callback = try await consent(location, email: email, verified: verified, name: name)
        return try await browser.get(callback)
    }

    /// The provider's "Choose an account" form, posted; returns the path BandUp is sent back to.
    static func consent(_ location: String, email: String, verified: Bool = true, name: String = "Ana Lima") async throws -> String {
        let components = try #require(URLComponents(string: location))
        var fields = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        fields += [("email", email), ("name", name)] + (verified ? [("email_verified", "on")] : [("email_verified", "false")])
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(components.port!)\(components.path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: fields.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")))
        let response = try await http.execute(request, timeout: .seconds(10))
        #expect(response.status == .found)
        let back = try #require(response.headers.first(name: "Location"))
        return String(back.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })  // the path after the origin
    }

    static func control(_ provider: ServerProcess, _ path: String, json: String? = nil) async throws -> String {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(provider.port)\(path)")
        if let json { request.method = .POST; request.body = .bytes(ByteBuffer(string: json)); request.headers.add(name: "Content-Type", value: "application/json") }
        let response = try await http.execute(request, timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 16))
    }

    @Test func aNewLearnerSignsUpWithGoogleAndComesBackWithoutAPassword() async throws {
        try await Self.withGoogle { client, server, provider in
            let ana = Browser(client)
            #expect(try await ana.get("/sign-in").text.contains("id=\"google-sign-in\""))
            let landed = try await Self.signIn(ana, email: "Ana.Lima@example.com")
            #expect(landed.status == .seeOther && landed.headers[.location] == "/account")
            let account = try await ana.follow(landed)
            #expect(account.status == .ok && account.text.contains("Welcome to BandUp, Ana Lima!") && account.text.contains("ana.lima@example.com"))
            #expect(!account.text.contains("Confirm your email"), "Google confirmed the address")
            let rows = try await server.backends.postgres.query("SELECT google_subject, email_verified_at IS NOT NULL FROM users WHERE email = 'ana.lima@example.com'")
            for try await (subject, verified) in rows.decode((String?, Bool).self) { #expect(subject?.count == 21 && verified) }

            // Back another day, in another browser: the linked account, straight to where she was going.
            let laptop = Browser(client)
            _ = try await laptop.get("/sign-in?next=/flashcards")
            let started = try await laptop.get("/auth/google?next=/flashcards")
            let callback = try await Self.consent(try #require(started.headers[.location]), email: "ana.lima@example.com")
            #expect(try await laptop.get(callback).headers[.location] == "/flashcards")
            #expect(try await Self.control(provider, "/test/stats").contains("\"jwks_requests\": 1"), "the keys are cached")
            #expect(try await laptop.get(callback).status == .badRequest, "a callback is good once")
        }
    }

    /// Each forgery the stand-in can make, and the words BandUp's page gives for it.
    static let forgeries: [(String, String)] = [
        ("wrong_key", "signature does not match"), ("tampered", "signature does not match"), ("unknown_kid", "key the provider does not publish"),
        ("alg_none", "signed with 'none'"), ("hs256", "signed with 'HS256'"), ("expired", "has expired"), ("future", "issued in the future"),
        ("wrong_audience", "made for another application"), ("wrong_issuer", "comes from 'https://evil.example.com'"),
        ("wrong_nonce", "nonce differs"), ("no_nonce", "nonce differs"),
    ]

    @Test func everyForgedTokenIsRefusedWithAClearPageAndNoSession() async throws {
        try await Self.withGoogle { client, server, provider in
            for (kind, words) in Self.forgeries {
                _ = try await Self.control(provider, "/test/forge", json: #"{"kind": "\#(kind)"}"#)
                let eve = Browser(client)
                let refused = try await Self.signIn(eve, email: "ana@example.com")
                let text = refused.text.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&#x27;", with: "'")
                #expect(refused.status == .badRequest && text.contains("Nobody was signed in") && text.contains(words), "\(kind): \(text.prefix(200))")
                #expect(try await eve.get("/account").status == .seeOther, "\(kind): no session")
            }
            _ = try await Self.control(provider, "/test/forge", json: #"{"kind": "unverified_email"}"#)
            let unverified = try await Self.signIn(Browser(client), email: "ana@example.com")
            #expect(unverified.status == .forbidden && unverified.text.contains("Google has not confirmed"))
            let count = try await server.backends.postgres.query("SELECT count(*)::int FROM users").decode(Int.self).reduce(0) { $1 }
            #expect(count == 0, "no account was made from a forged or unconfirmed token")
            // The same flow, honest now, works: the refusals were the tokens', not the flow's.
            #expect(try await Self.signIn(Browser(client), email: "ana@example.com").headers[.location] == "/account")
        }
    }

    @Test func anExistingAccountIsLinkedOnlyWhenItsAddressIsConfirmedAndItsOwnerTypesThePassword() async throws {
        try await Self.withGoogle { client, server, provider in
            _ = try await Browser(client).signUp(email: "ana@example.com")
            let early = try await Self.signIn(Browser(client), email: "ana@example.com")
            #expect(early.status == .forbidden && early.text.contains("its address is not confirmed yet"), "an unconfirmed account is never linked")

            let ana = Browser(client)
            _ = try await ana.signIn(email: "ana@example.com")
            _ = try await ana.get(try await TestSite.confirmationPath(server, "ana@example.com"))
            let google = Browser(client)
            let asked = try await Self.signIn(google, email: "ana@example.com")
            #expect(asked.status == .ok && asked.text.contains("Link your Google account?"))
            let wrong = try await google.post("/auth/google/link", [("password", "a guess at it")])
            #expect(wrong.status == .unauthorized && wrong.text.contains("Nothing was linked"))
            let linked = try await google.post("/auth/google/link", [("password", "correct horse battery")])
            #expect(linked.status == .seeOther && linked.headers[.location] == "/account")
            #expect(try await google.follow(linked).text.contains("Your Google account is linked"))
            #expect(try await Self.signIn(Browser(client), email: "ana@example.com").headers[.location] == "/account", "next time, no question")
            let page = try await ana.get("/account")
            #expect(page.text.contains("data-event=\"google-linked\"") && page.text.contains("action=\"/account/google/unlink\""))
            #expect(try await ana.post("/account/google/unlink").status == .seeOther)
            #expect(try await Self.signIn(Browser(client), email: "ana@example.com").text.contains("Link your Google account?"), "unlinked: asked again")

            // With two-step verification on, linking asks for its code too, and the session has passed it.
            try await TestSite.turnOnTwoFactor(server, email: "ana@example.com")
            let phone = Browser(client)
            let asking = try await Self.signIn(phone, email: "ana@example.com")
            #expect(asking.text.contains("Two-step code"))
            let noCode = try await phone.post("/auth/google/link", [("password", "correct horse battery"), ("code", "000000")])
            #expect(noCode.status == .unauthorized && noCode.text.contains("Nothing was linked"))
            let totp = TOTP(secret: TestSite.twoFactorSecret)
            let withCode = try await phone.post("/auth/google/link", [("password", "correct horse battery"), ("code", totp.code(step: totp.step(at: Date())))])
            #expect(withCode.status == .seeOther && withCode.headers[.location] == "/account")
        }
    }

    @Test func theStateBelongsToOneBrowserAndTheSecondStepStillApplies() async throws {
        try await Self.withGoogle { client, server, provider in
            let victim = Browser(client), attacker = Browser(client)
            let started = try await attacker.get("/auth/google")
            let callback = try await Self.consent(try #require(started.headers[.location]), email: "eve@example.com")
            let forced = try await victim.get(callback)
            #expect(forced.status == .badRequest && forced.text.contains("did not start in this browser"), "login CSRF: another browser's callback")
            let denied = try await attacker.get("/auth/google/callback?error=access_denied&state=x")
            #expect(denied.status == .badRequest)

            _ = try await Self.signIn(Browser(client), email: "staff@example.com")
            try await TestSite.turnOnTwoFactor(server, email: "staff@example.com")
            let staff = Browser(client)
            let second = try await Self.signIn(staff, email: "staff@example.com")
            #expect(second.status == .seeOther && second.headers[.location] == "/sign-in/code", "Google does not skip two-step verification")
            #expect(try await staff.get("/account").status == .seeOther)
        }
    }

    @Test func withoutSettingsThereIsNoButtonAndNoRoute() async throws {
        try await TestSite.withServer { client, _, _ in
            let browser = Browser(client)
            let page = try await browser.get("/sign-in")
            #expect(page.status == .ok && !page.text.contains("google-sign-in"))
            let route = try await browser.get("/auth/google")
            #expect(route.status == .notFound)
        }
    }
}
