import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TestSupport
@testable import BandUpWeb

/// SIGTERM under open feedback streams, and the limits learners are told about.
@Suite struct FeedbackShutdownAndLimitsTests {
    /// A browser over real HTTP (for a `bandup serve` process): cookies kept, the form's CSRF token reused.
    final class HTTPBrowser: @unchecked Sendable {
        let base: String
        var cookies: [String: String] = [:], token = ""
        init(port: Int) { base = "http://127.0.0.1:\(port)" }

        /// Redirects are not followed: the cookies of a 303 matter (the shared client would drop them).
        static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

        var cookie: String { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

        /// GET `path`, or POST `form` to it.
        func send(_ path: String, form: [(String, String)]? = nil) async throws -> (status: Int, location: String?, body: String) {
            var request = HTTPClientRequest(url: base + path)
            request.method = form == nil ? .GET : .POST
            request.headers.add(name: "Cookie", value: cookie)
            if let form {
                request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                request.headers.add(name: "Origin", value: base)
                request.body = .bytes(ByteBuffer(string: ([("_csrf", token)] + form).map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")))
            }
            let response = try await Self.client.execute(request, timeout: .seconds(20))
            for header in response.headers["Set-Cookie"] {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                cookies[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
            }
            let body = String(buffer: try await response.body.collect(upTo: 4 << 20))
            if let found = body.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1 { token = String(found) }
            return (Int(response.status.code), response.headers.first(name: "Location"), body)
        }
    }

    @Test func sigtermEndsOpenStreamsWithAShortRetry() async throws {
        let redis = try RedisServer()
        // No workers: the answer waits, and its stream stays open until the server stops.
        let (server, port) = try await ServeProcessTests.serveWithContent(redis: redis, extra: ["FEEDBACK_WORKERS": "0"])

        let ana = HTTPBrowser(port: port)
        _ = try await ana.send("/sign-up")
        let signedUp = try await ana.send("/sign-up", form: [("email", "ana@example.com"), ("displayName", "Ana"), ("password", "correct horse battery")])
        #expect(signedUp.status == 303, "\(signedUp.body.prefix(2000))")
        let page = try await ana.send("/writing/working-from-home-debate")
        let base = String(try #require(page.body.firstMatch(of: /data-attempt="(\/answers\/[0-9a-f-]{36})"/)?.1))
        #expect(try await ana.send(base + "/submit", form: [("answer", FeedbackFixture.essay)]).location == base)

        var frames: [String] = []
        let reading = Task {
            var request = HTTPClientRequest(url: ana.base + base + "/events")
            request.headers.add(name: "Cookie", value: ana.cookie)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            var text = ""
            for try await chunk in response.body { text += String(buffer: chunk) }
            return text
        }
        try await Task.sleep(for: .seconds(1))
        server.terminate()
        let text = try await reading.value
        frames = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(frames.first?.hasPrefix("retry: 2000") == true)
        #expect(frames.contains { $0.contains("event: queued") })
        #expect(frames.last == "retry: 250", "the stream ends telling the browser to reconnect soon: \(frames)")
        #expect(try await server.waitForExit() == 0)
    }

    @Test func aDeepQueueAndTheDailyLimitAreExplained() async throws {
        let standIns = try AIStandIns.start()
        try await TestSite.withServer(adjust: { settings in
            settings.feedback.workers = 0  // nothing is assessed: the queue only grows
            settings.feedback.queueLimit = 1
            settings.feedback.dailyPaidLimit = 1
            settings.feedback.providers = [.gemini, .offline]
            settings.feedback.gemini = .init(apiKey: "test-key", baseURL: standIns.endpoint.absoluteString)
        }) { client, server, _ in
            try await FeedbackPagesTests.importPrompts(server)
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            let first = try FeedbackPagesTests.base(try await ana.get("/writing/working-from-home-debate"))
            let sent = try await ana.follow(try await ana.post(first + "/submit", [("answer", FeedbackFixture.essay)]))
            #expect(sent.text.contains("Received.") && !sent.text.contains("may take a few minutes"))
            // The second answer finds one job waiting (the limit) and is the second paid one today.
            let second = try FeedbackPagesTests.base(try await ana.get("/writing/commuting-to-work-northbridge"))
            #expect(second != first)
            let page = try await ana.follow(try await ana.post(second + "/submit", [("answer", "The chart shows how people travelled to work.")]))
            #expect(page.text.contains("Received."), "the answer is still stored and queued")
            #expect(page.text.contains("Many answers are waiting for feedback, so yours may take a few minutes."))
            #expect(page.text.contains("You have used today&#39;s 1 examiner assessments") || page.text.contains("You have used today's 1 examiner assessments"))
            let rows = try await server.backends.postgres.query("SELECT paid_allowed, delayed FROM feedback_attempts WHERE state = 'queued' ORDER BY submitted_at")
                .decode((Bool, Bool).self)
            var flags: [String] = []
            for try await (paid, delayed) in rows { flags.append("\(paid)/\(delayed)") }
            #expect(flags == ["true/false", "false/true"])
            #expect(try await server.feedback.queue.depth() == 2)
        }
    }
}
