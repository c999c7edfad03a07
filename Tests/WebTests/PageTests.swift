import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BandUpWeb

/// Pages through the whole middleware stack, on real PostgreSQL and Redis.
@Suite struct PageTests {
    @Test func homePageListsTheSkillsFromPostgreSQLInTheLayout() async throws {
        try await TestSite.withServer(.live) { client, _, _ in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let html = response.text
            #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en-GB\">"))
            #expect(html.contains("<a class=\"skip-link\" href=\"#main\">Skip to main content</a>"))
            #expect(html.contains("<main id=\"main\""))
            #expect(html.contains("<a href=\"/\" aria-current=\"page\">Home</a>"))
            #expect(html.contains("<a href=\"/ielts\">The IELTS test</a>"))
            // The four rows of the skills table, in test order.
            let order = ["Listening", "Reading", "Writing", "Speaking"].compactMap { html.range(of: "<h3>\($0)</h3>")?.lowerBound }
            #expect(order.count == 4 && order == order.sorted())
            #expect(html.contains("60 minutes · 3 passages, 40 questions"))
            #expect(html.contains("<footer class=\"site-footer\">"))
        }
    }

    @Test func inlineScriptsCarryThisResponsesNonce() async throws {
        try await TestSite.withServer { client, _, _ in
            var nonces: Set<String> = []
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/ielts", method: .get)
                let csp = try #require(response.headers[.contentSecurityPolicy])
                let nonce = try #require(csp.firstMatch(of: /'nonce-([A-Za-z0-9+\/=]+)'/)?.1)
                #expect(response.text.contains("<script nonce=\"\(nonce)\">"))
                #expect(!response.text.contains("<script>"))
                nonces.insert(String(nonce))
            }
            #expect(nonces.count == 2, "a nonce is never reused")
        }
    }

    @Test func securityHeadersOnEveryResponse() async throws {
        try await TestSite.withServer { client, _, _ in
            for uri in ["/", "/healthz", "/missing"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(response.headers[.referrerPolicy] == "strict-origin-when-cross-origin", "\(uri)")
                #expect(response.headers[.xFrameOptions] == "DENY", "\(uri)")
                let csp = try #require(response.headers[.contentSecurityPolicy])
                #expect(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'") && csp.contains("default-src 'self'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(response.headers[.strictTransportSecurity] == nil, "no HSTS outside production")
            }
        }
    }

    @Test func productionAddsHSTSAndAllowsTheCDN() async throws {
        try await TestSite.withServer(adjust: { settings in
            settings.environment = .production
            settings.cdnBaseURL = "https://cdn.bandup.example/assets"
        }) { client, _, _ in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.headers[.strictTransportSecurity] == "max-age=63072000; includeSubDomains")
            let csp = try #require(response.headers[.contentSecurityPolicy])
            #expect(csp.contains("style-src 'self' https://cdn.bandup.example;"))
            #expect(csp.contains("upgrade-insecure-requests"))
            #expect(response.text.firstMatch(of: /<link rel="stylesheet" href="https:\/\/cdn\.bandup\.example\/assets\/css\/app-[0-9a-f]{12}\.css" integrity="sha384-[A-Za-z0-9+\/=]{64}" crossorigin="anonymous">/) != nil)
        }
    }

    @Test func requestIDsAreEchoedOrMade() async throws {
        try await TestSite.withServer { client, _, _ in
            let fresh = try await client.execute(uri: "/healthz", method: .get)
            let id = try #require(fresh.headers[.requestID])
            #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
            let kept = try await client.execute(uri: "/healthz", method: .get, headers: [.requestID: "Root=1-67891233-abcdef012345678912345678"])
            #expect(kept.headers[.requestID] == "Root=1-67891233-abcdef012345678912345678")
            for forged in ["short", "<script>alert(1)</script>", String(repeating: "a", count: 200)] {
                let replaced = try await client.execute(uri: "/healthz", method: .get, headers: [.requestID: forged])
                #expect(replaced.headers[.requestID] != forged)
            }
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.text.contains("Request id: <code>\(page.headers[.requestID] ?? "?")</code>"))
        }
    }

    @Test func unknownPagesGetTheNotFoundPageOrJSON() async throws {
        try await TestSite.withServer { client, _, _ in
            let page = try await client.execute(uri: "/no/such/page?x=1", method: .get)
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("<h1>Page not found</h1>") && page.text.contains("<html lang=\"en-GB\">"))
            let json = try await client.execute(uri: "/no/such/page", method: .get, headers: [.accept: "application/json"])
            #expect(json.status == .notFound && json.headers[.contentType] == "application/json")
            let object = try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: [String: Any]]
            #expect(object?["error"]?["status"] as? Int == 404)
            #expect(object?["error"]?["request_id"] as? String == json.headers[.requestID])
        }
    }

    @Test func pagesLinkFingerprintedAssetsWithIntegrity() async throws {
        try await TestSite.withServer { client, server, _ in
            let page = try await client.execute(uri: "/", method: .get)
            let css = try #require(server.assets.entry("css/app.css"))
            #expect(page.text.contains("<link rel=\"stylesheet\" href=\"/assets/\(css.path)\" integrity=\"\(css.integrity)\" crossorigin=\"anonymous\">"))
            #expect(page.text.contains("src=\"/assets/\(server.assets.entry("images/logo.svg")!.path)\""))
        }
    }

    @Test func errorsNeverShowDetailsOutsideDevelopment() {
        let failure = ErrorPageMiddleware.Failure(DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "secret internals")))
        #expect(failure.status == .internalServerError)
        #expect(!failure.message.contains("secret"))
        let unavailable = ErrorPageMiddleware.Failure(ServiceUnavailable(service: "PostgreSQL", reason: "no answer"))
        #expect(unavailable.status == .serviceUnavailable && unavailable.retryAfter == "5")
    }

    @Test func flashMessagesShowOnceFromRedis() async throws {
        try await TestSite.withServer { client, server, _ in
            let flash = FlashMessages(backends: server.backends, secureCookies: false)
            let cookie = try await flash.store([FlashMessage(kind: .success, text: "Your essay was received <b>safely</b>.")])
            let first = try await client.execute(uri: "/", method: .get, headers: [.cookie: "\(cookie.name)=\(cookie.value)"])
            #expect(first.text.contains("<p class=\"flash flash-success\">Your essay was received &lt;b&gt;safely&lt;/b&gt;.</p>"))
            let clear = first.headers[.setCookie] ?? ""
            #expect(clear.hasPrefix("bandup_flash=;") && clear.contains("Max-Age=0"), "\(clear)")
            let again = try await client.execute(uri: "/", method: .get, headers: [.cookie: "\(cookie.name)=\(cookie.value)"])
            #expect(!again.text.contains("flash-success"))
        }
    }

    @Test func pagesAreRateLimitedPerClientInRedis() async throws {
        try await TestSite.withServer(adjust: { $0.pageRequestsPerMinute = 3 }) { client, _, _ in
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(try await client.execute(uri: "/ielts", method: .get).status.code) }
            // A window boundary may reset the count once; the limit must still show within 4 more.
            if !statuses.contains(429) {
                for _ in 0..<4 { statuses.append(try await client.execute(uri: "/ielts", method: .get).status.code) }
            }
            let limited = try #require(statuses.firstIndex(of: 429))
            #expect(statuses[..<limited].allSatisfy { $0 == 200 })
            let response = try await client.execute(uri: "/ielts", method: .get)
            #expect(response.status == .tooManyRequests)
            #expect(Int(response.headers[.retryAfter] ?? "") != nil)
            #expect(response.text.contains("Slow down a little"))
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok, "health checks are not limited")
        }
    }
}
