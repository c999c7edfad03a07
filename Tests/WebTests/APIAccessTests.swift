import API
import Auth
import Content
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
@testable import BandUpWeb

/// Who may use the API: tokens made on the account page (shown once, kept hashed), refused when
/// revoked, expired or lacking a scope; another learner's things are 404; session cookies are no
/// way in; and the rate limits count down in their headers until a 429 with Retry-After.
@Suite struct APIAccessTests {
    @Test func aTokenMadeOnTheAccountPageWorksOnceShownAndUntilRevoked() async throws {
        try await TestSite.withServer { client, server, _ in
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            #expect(try await ana.get("/account").text.contains("/account/tokens"))
            let unconfirmed = try await ana.get("/account/tokens")
            #expect(unconfirmed.text.contains("data-needs-verification"))
            let tooSoon = try await ana.post("/account/tokens", [("name", "too soon"), ("scopes", "read"), ("days", "30")])
            #expect(tooSoon.status == .forbidden && tooSoon.text.contains("Confirm your email address first"), "no token before the address is confirmed")
            _ = try await ana.get(try await TestSite.confirmationPath(server, "ana@example.com"))
            _ = try await ana.get("/account/tokens")
            let made = try await ana.post("/account/tokens", [("name", "my phone"), ("scopes", "read"), ("scopes", "practice"), ("days", "30")])
            #expect(made.status == .created)
            let secret = try #require(made.text.firstMatch(of: /value="(bu_[A-Za-z0-9_-]{43})"/)?.1).description
            #expect(made.headers[.cacheControl] == "no-store")
            let listed = try await ana.get("/account/tokens")
            #expect(!listed.text.contains(secret) && listed.text.contains("my phone") && listed.text.contains(String(secret.prefix(9))), "shown once, then only its prefix")
            // Only a hash is kept.
            let postgres = server.backends.postgres
            let hashed = try await postgres.query("SELECT count(*)::int FROM access_tokens WHERE secret_hash = sha256(convert_to(\(secret), 'UTF8'))")
                .decode(Int.self).reduce(0) { $0 + $1 }
            let plain = try await postgres.query("""
                SELECT count(*)::int FROM access_tokens WHERE position(convert_to(\(secret), 'UTF8') in secret_hash) > 0 OR prefix = \(secret) OR name = \(secret)
                """).decode(Int.self).reduce(0) { $0 + $1 }
            #expect(hashed == 1 && plain == 0)

            let api = APIClient(client: client, token: secret, userID: 0)
            let me = try await api.get("/api/v1/me")
            #expect(me.status == .ok && me.json["displayName"]?.string == "Ana" && me.json["token"]?["scopes"] == ["practice", "read"])
            #expect(try await api.post("/api/v1/answers", ["prompt": "traffic-congestion-cities", "answer": "x"]).problemKind == "insufficient-scope")
            #expect(try await api.request(.post, "/api/v1/answers", json: ["prompt": "x", "answer": "y"]).headers[.wwwAuthenticate]?.contains("insufficient_scope") == true)

            // A learner cannot make a publishing token.
            let refused = try await ana.post("/account/tokens", [("name", "publisher"), ("scopes", "content:write"), ("days", "30")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("Only editors and admins"))

            let id = try #require(listed.text.firstMatch(of: /action="\/account\/tokens\/([0-9]+)\/revoke"/)?.1).description
            _ = try await ana.post("/account/tokens/\(id)/revoke")
            let after = try await api.get("/api/v1/me")
            #expect(after.status == .unauthorized && after.problemKind == "unauthorized")
            #expect(after.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
            #expect(try await ana.get("/account/tokens").text.contains("Revoked"))
        }
    }

    @Test func expiredMalformedAndMissingTokensAreRefused() async throws {
        try await TestSite.withServer { client, server, _ in
            let api = try await APIClient.make(client, server)
            #expect(try await api.get("/api/v1/me").status == .ok)
            try await server.backends.postgres.query("UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE user_id = \(api.userID)")
            #expect(try await api.get("/api/v1/me").status == .unauthorized, "expired")
            for header in ["Bearer", "Bearer bu_short", "Basic dXNlcjpwYXNz", "bu_" + String(repeating: "a", count: 43), "Bearer " + String(repeating: "x", count: 5000)] {
                let response = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: header])
                #expect(response.status == .unauthorized && response.headers[.contentType] == "application/problem+json", "\(header.prefix(20))")
            }
            let none = try await api.request(.get, "/api/v1/me", token: .some(nil))
            #expect(none.status == .unauthorized && none.headers[.wwwAuthenticate] == "Bearer realm=\"BandUp API\"")
            #expect(try await api.request(.get, "/api/v1/openapi.yaml", token: .some(nil)).status == .ok, "the contract is public")
        }
    }

    @Test func aSignedInBrowsersCookieIsNoWayIntoTheAPI() async throws {
        try await TestSite.withServer { client, server, _ in
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            #expect(try await ana.get("/dashboard").status == .ok)
            let response = try await ana.get("/api/v1/me")
            #expect(response.status == .unauthorized && response.problemKind == "unauthorized")
        }
    }

    @Test func anotherLearnersAttemptsAnswersAndCardsAreNotFound() async throws {
        try await TestSite.withServer(adjust: { $0.feedback.offlinePause = .zero }) { client, server, _ in
            try await FeedbackPagesTests.importPrompts(server, ["writing/traffic-congestion-cities"])
            try await PracticeTestTests.importFixture(server)
            let ana = try await APIClient.make(client, server), ben = try await APIClient.make(client, server)
            let attempt = try await ana.post("/api/v1/tests/fixture-test/attempts", ["mode": "practice"])
            #expect(attempt.status == .created, "\(attempt.text)")
            let attemptID = try #require(attempt.json["id"]?.string)
            let answer = try await ana.post("/api/v1/answers", ["prompt": "traffic-congestion-cities", "answer": .string(FeedbackFixture.essay)])
            #expect(answer.status == .accepted, "\(answer.text)")
            let answerID = try #require(answer.json["id"]?.string)
            for path in ["/api/v1/attempts/\(attemptID)", "/api/v1/attempts/\(attemptID)/result", "/api/v1/answers/\(answerID)", "/api/v1/answers/\(answerID)/events"] {
                let response = try await ben.get(path)
                #expect(response.status == .notFound && response.problemKind == "not-found", "\(path): \(response.status)")
                #expect(try await ana.get(path).status != .notFound, "\(path)")
            }
            #expect(try await ben.put("/api/v1/attempts/\(attemptID)/answers", ["answers": ["1": ["A"]]]).status == .notFound)
            #expect(try await ben.request(.post, "/api/v1/attempts/\(attemptID)/submit").status == .notFound)
            #expect(try await ben.get("/api/v1/answers").json["answers"] == [], "Ben's list is his own")
        }
    }

    @Test func rateLimitsCountDownInTheirHeadersThenRefuseWithRetryAfter() async throws {
        try await TestSite.withServer(adjust: { $0.api.tokenRequestsPerMinute = 3; $0.api.addressRequestsPerMinute = 1_000 }) { client, server, _ in
            let api = try await APIClient.make(client, server)
            try await Self.wellInsideAMinute()
            var remaining: [String] = []
            for _ in 0..<3 {
                let response = try await api.get("/api/v1/me")
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("RateLimit-Policy")!]?.contains("\"token\";q=3;w=60") == true)
                remaining.append(String(response.headers[HTTPField.Name("RateLimit")!]?.firstMatch(of: /"token";r=([0-9]+)/)?.1 ?? "?"))
            }
            #expect(remaining == ["2", "1", "0"])
            let refused = try await api.get("/api/v1/me")
            #expect(refused.status == .tooManyRequests && refused.problemKind == "rate-limited")
            let wait = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...60).contains(wait))
            // Another token of another learner has its own count.
            #expect(try await APIClient.make(client, server).get("/api/v1/me").status == .ok)
        }
    }

    @Test func theAddressLimitHoldsWithoutAToken() async throws {
        try await TestSite.withServer(.live, adjust: { $0.api.addressRequestsPerMinute = 2 }) { client, _, _ in
            try await Self.wellInsideAMinute()
            let statuses = try await (0..<3).asyncMap { _ in try await client.execute(uri: "/api/v1/openapi.yaml", method: .get).status }
            #expect(statuses == [.ok, .ok, .tooManyRequests])
        }
    }

    /// The limits count per wall-clock minute (as every instance counts them): a test of a count
    /// starts well inside one, so the window does not turn over in the middle.
    static func wellInsideAMinute() async throws {
        let second = Int(Date().timeIntervalSince1970) % 60
        if second > 45 { try await Task.sleep(for: .seconds(61 - second)) }
    }

    @Test func corsAnswersOnlyTheConfiguredOrigins() async throws {
        try await TestSite.withServer(adjust: { $0.api.corsOrigins = ["https://app.example"] }) { client, server, _ in
            let api = try await APIClient.make(client, server)
            let preflight = try await client.execute(uri: "/api/v1/answers", method: .options, headers: [
                .origin: "https://app.example", .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "authorization, content-type, idempotency-key"])
            #expect(preflight.status == .noContent && preflight.headers[.accessControlAllowOrigin] == "https://app.example")
            #expect(preflight.headers[.accessControlAllowMethods] == "GET, POST" && preflight.headers[.accessControlAllowHeaders]?.contains("Idempotency-Key") == true)
            let allowed = try await api.get("/api/v1/me", headers: [.origin: "https://app.example"])
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://app.example" && allowed.headers[.accessControlExposeHeaders]?.contains("RateLimit") == true)
            let other = try await api.get("/api/v1/me", headers: [.origin: "https://evil.example"])
            #expect(other.headers[.accessControlAllowOrigin] == nil && other.headers[.vary]?.contains("Origin") == true)
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
