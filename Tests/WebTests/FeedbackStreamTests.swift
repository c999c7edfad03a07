import Database
import Feedback
import Foundation
import HummingbirdTesting
import Logging
import PostgresNIO
import Redis
import Testing
import TestSupport
@testable import BandUpWeb

/// The feedback stream as browsers and operators meet it: a dropped connection resumed with
/// Last-Event-ID, Redis restarted under open streams, and a worker process killed in the middle
/// of fifty jobs.
@Suite(.serialized) struct FeedbackStreamTests {
    /// Signs up, sends the essay and returns the browser, the answer's id and its events URL.
    static func sendEssay(_ client: any TestClientProtocol, _ server: BandUpServer) async throws -> (Browser, UUID, String) {
        try await FeedbackPagesTests.importPrompts(server, ["writing/traffic-congestion-cities"])
        let ana = Browser(client)
        _ = try await ana.signUp(email: "ana@example.com")
        let base = try FeedbackPagesTests.base(try await ana.get("/writing/traffic-congestion-cities"))
        let sent = try await ana.post(base + "/submit", [("answer", FeedbackFixture.essay)])
        #expect(sent.headers[.location] == base)
        let id = try #require(UUID(uuidString: String(base.dropFirst("/answers/".count))))
        return (ana, id, "http://127.0.0.1:\(try #require(client.port))\(base)/events")
    }

    static func cookie(_ browser: Browser) -> String { browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    /// The events the page saw are the job's stored events, in order, each once; the prose is the stored feedback.
    static func expectNothingLostOrRepeated(_ seen: [EventStreamClient.Event], id: UUID, server: BandUpServer) async throws {
        let stored = try await server.feedback.events.replay(id, after: nil)
        let withIDs = seen.filter { $0.id != nil }
        #expect(withIDs.map(\.id) == stored.map(\.id), "seen \(withIDs.count) events, stored \(stored.count)")
        #expect(Set(withIDs.compactMap(\.id)).count == withIDs.count, "no event twice")
        #expect(seen.last?.name == "complete")
        let owner = try #require(try await Self.owner(id, server))
        let attempt = try #require(try await server.feedback.attempts.attempt(id: id, userID: owner))
        let lastStart = withIDs.lastIndex { $0.name == "started" } ?? 0
        let prose = withIDs[lastStart...].filter { $0.name == "text" }.compactMap { event in
            (try? JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: String])?["text"]
        }.joined()
        #expect(prose == attempt.feedback, "the page's text is the stored feedback")
    }

    static func owner(_ id: UUID, _ server: BandUpServer) async throws -> Int64? {
        for try await userID in try await server.backends.postgres.query("SELECT user_id FROM feedback_attempts WHERE id = \(id)").decode(Int64.self) {
            return userID
        }
        return nil
    }

    @Test func aDroppedConnectionResumesFromLastEventID() async throws {
        try await TestSite.withServer(.live, adjust: { $0.feedback.offlinePause = .milliseconds(60) }) { client, server, _ in
            let (ana, id, url) = try await Self.sendEssay(client, server)
            let stream = EventStreamClient(url: url, cookie: Self.cookie(ana))
            let seen = try await stream.readToTheEnd(dropAfter: 3)
            #expect(seen.filter { $0.name == "text" }.count > 3, "more text came after the reconnection")
            try await Self.expectNothingLostOrRepeated(seen, id: id, server: server)
        }
    }

    @Test func streamsFinishWhenRedisRestartsUnderThem() async throws {
        try await TestSite.withServer(.live, persistentRedis: true, adjust: { $0.feedback.offlinePause = .milliseconds(80) }) { client, server, redis in
            let (ana, id, url) = try await Self.sendEssay(client, server)
            let stream = EventStreamClient(url: url, cookie: Self.cookie(ana))
            let seen = try await stream.readToTheEnd(timeout: .seconds(90), dropAfter: 2) {
                redis.stop()
                try await Task.sleep(for: .seconds(1))
                try redis.start()
            }
            #expect(seen.filter { $0.name == "text" }.count > 2, "text kept coming after Redis came back")
            try await Self.expectNothingLostOrRepeated(seen, id: id, server: server)
        }
    }

    @Test func anOpenStreamCatchesUpWhenRedisRestartsUnderIt() async throws {
        try await TestSite.withServer(.live, persistentRedis: true, adjust: { $0.feedback.offlinePause = .milliseconds(80) }) { client, server, redis in
            let (ana, id, url) = try await Self.sendEssay(client, server)
            let stream = EventStreamClient(url: url, cookie: Self.cookie(ana))
            let (seen, reconnects) = try await stream.readToTheEndCountingReconnections(timeout: .seconds(90), whileOpenAfter: 2) {
                redis.stop()
                try await Task.sleep(for: .seconds(1))
                try redis.start()
            }
            #expect(reconnects == 0, "the page's connection stayed open through the restart")
            #expect(seen.filter { $0.name == "text" }.count > 2, "text kept coming after Redis came back")
            try await Self.expectNothingLostOrRepeated(seen, id: id, server: server)
        }
    }

    @Test func fiftyJobsCompleteOnceThoughAWorkerIsKilledAmongThem() async throws {
        let postgres = try PostgresServer.shared.get()
        let redisServer = try RedisServer()
        let database = try await postgres.createDatabase()
        try await postgres.withClient(database: database) { client in
            _ = try await MigrationRunner(client: client, logger: TestSite.quietLogger).migrate(try Migration.load(from: TestSite.root + "/Migrations"))
            try await FeedbackFixture.prompt(client)
            let learner = try await FeedbackFixture.learner(client)
            let redis = RedisClient(configuration: redisServer.configuration)
            defer { redis.close() }
            let attempts = FeedbackAttempts(client: client), queue = FeedbackQueue(redis: redis), events = JobEvents(redis: redis)
            try await queue.prepare()
            let prompt = PromptSnapshot(slug: FeedbackFixture.promptSlug, task: .task2, title: "Transport", text: FeedbackFixture.promptText, keywords: [])
            var ids: [UUID] = []
            for number in 0..<50 {
                // Fifty learners' essays (one draft per prompt and learner).
                let user = number == 0 ? learner : try await FeedbackFixture.learner(client, email: "writer\(number)@example.com")
                let draft = try await attempts.draft(userID: user, prompt: prompt, mode: .practice)
                let sent = try #require(try await attempts.submit(id: draft.id, userID: user, .init(answer: FeedbackFixture.essay)))
                try await queue.enqueue(sent.id)
                try await attempts.markEnqueued(sent.id)
                ids.append(sent.id)
            }
            func completed() async throws -> Int {
                for try await count in try await client.query("SELECT count(*)::int FROM feedback_attempts WHERE state = 'complete'").decode(Int.self) { return count }
                return 0
            }
            let environment = ["DATABASE_URL": postgres.url(database: database), "REDIS_URL": redisServer.url, "BANDUP_ENV": "test",
                               "FEEDBACK_OFFLINE_PAUSE_MS": "15", "FEEDBACK_CLAIM_AFTER_SECONDS": "1", "LOG_LEVEL": "warning"]
            let first = try BandUpProcess(["worker", "--concurrency", "4"], environment: environment)
            var deadline = ContinuousClock.now + .seconds(60)
            while try await completed() < 10, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            first.crash()
            let before = try await completed()
            #expect((10..<50).contains(before), "killed in the middle: \(before) done; \(first.output)")

            let second = try BandUpProcess(["worker", "--concurrency", "4"], environment: environment)
            deadline = ContinuousClock.now + .seconds(120)
            while try await completed() < 50, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try await completed() == 50, "\(second.output)")
            second.terminate()
            #expect(try await second.waitForExit() == 0, "a worker stops cleanly on SIGTERM")

            for id in ids {
                let names = try await events.replay(id, after: nil).map(\.event.name)
                #expect(names.filter { $0 == "complete" }.count == 1, "one completion for \(id): \(names)")
            }
            #expect(try await queue.depth() == 0, "every job acknowledged and removed")
            var deliveries = 0
            for try await total in try await client.query("SELECT sum(deliveries)::int FROM feedback_attempts").decode(Int.self) { deliveries = total }
            #expect(deliveries > 50, "the jobs in the killed worker's hands were delivered again (\(deliveries) deliveries)")
        }
    }
}

