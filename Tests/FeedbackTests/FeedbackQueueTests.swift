import Foundation
import Logging
import Practice
import PostgresNIO
import Redis
import Testing
import TestSupport
@testable import Feedback

/// The queue, the worker and the job events on real PostgreSQL and Redis: an answer is assessed
/// once, its events replay in order, the outbox sends what Redis never got, a job whose worker
/// died is taken over, and a job that keeps failing ends with a clear message and a retry.
@Suite(.serialized) struct FeedbackQueueTests {
    struct Parts {
        let attempts: FeedbackAttempts
        let queue: FeedbackQueue
        let events: JobEvents
        let redis: RedisClient
        let learner: Int64
    }

    static let prompt = PromptSnapshot(slug: FeedbackFixture.promptSlug, task: .task2, title: "Public transport or roads",
                                       text: FeedbackFixture.promptText, keywords: ["transport", "roads"])

    static func withParts(claimAfter: Duration = .seconds(30), _ body: @escaping @Sendable (Parts) async throws -> Void) async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: server.configuration)
        try await PostgresServer.shared.get().withMigratedDatabase { client in
            try await FeedbackFixture.prompt(client)
            let learner = try await FeedbackFixture.learner(client)
            let parts = Parts(attempts: FeedbackAttempts(client: client), queue: FeedbackQueue(redis: redis, prefix: "t", claimAfter: claimAfter),
                              events: JobEvents(redis: redis, prefix: "t"), redis: redis, learner: learner)
            try await body(parts)
        }
        redis.close()
    }

    /// A stored, submitted answer (not yet queued).
    static func submitted(_ parts: Parts, essay: String = FeedbackFixture.essay) async throws -> FeedbackAttempt {
        let draft = try await parts.attempts.draft(userID: parts.learner, prompt: prompt, mode: .practice)
        return try #require(try await parts.attempts.submit(id: draft.id, userID: parts.learner, .init(answer: essay)))
    }

    static func worker(_ parts: Parts, maxDeliveries: Int = 3, provider: @escaping @Sendable () -> any FeedbackProvider = { OfflineAnalyser() }) -> FeedbackWorker {
        var logger = Logger(label: "test.worker")
        logger.logLevel = .critical
        return FeedbackWorker(attempts: parts.attempts, queue: parts.queue, events: parts.events, concurrency: 2, maxDeliveries: maxDeliveries,
                              logger: logger) { _ in provider() }
    }

    static func jobs(_ parts: Parts) -> FeedbackJobs {
        FeedbackJobs(attempts: parts.attempts) { _ in OfflineAnalyser() }
    }

    /// Runs `worker` until `done` holds (at most `timeout`), then stops it.
    static func work(_ worker: FeedbackWorker, timeout: Duration = .seconds(30), until done: @escaping @Sendable () async throws -> Bool) async throws {
        let running = Task { await worker.run() }
        defer { running.cancel() }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await done() { running.cancel(); await running.value; return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the worker did not finish within \(timeout)")
    }

    @Test func anAnswerIsAssessedOnceAndItsEventsReplayInOrder() async throws {
        try await Self.withParts { parts in
            let attempt = try await Self.submitted(parts)
            #expect(attempt.state == .queued)
            try await parts.queue.prepare()
            try await parts.queue.enqueue(attempt.id)
            try await parts.attempts.markEnqueued(attempt.id)
            try await Self.work(Self.worker(parts)) { try await parts.attempts.attempt(id: attempt.id, userID: parts.learner)?.state == .complete }

            let stored = try #require(try await parts.attempts.attempt(id: attempt.id, userID: parts.learner))
            let result = try #require(stored.result)
            #expect(result.provider == "offline" && result.isEstimate)
            #expect(result.criteria.map(\.criterion) == FeedbackTask.task2.criteria)
            #expect((5.0...8.0).contains(result.band), "a competent 280-word essay: \(result.band)")
            #expect(result.annotations.contains { $0.sentence.contains("This are") }, "\(result.annotations)")

            let events = try await parts.events.replay(attempt.id, after: nil)
            let names = events.map(\.event.name)
            #expect(names.first == "started" && names.last == "complete")
            #expect(names.filter { $0 == "complete" }.count == 1)
            #expect(names.filter { $0 == "text" }.count >= 5, "\(names)")
            let text = events.compactMap { stored -> String? in if case .text(let piece) = stored.event { return piece } else { return nil } }.joined()
            #expect(text == stored.feedback, "the stored prose is what streamed")
            // Replaying after any event gives exactly the rest: no loss, no repeat.
            let middle = events[events.count / 2]
            let rest = try await parts.events.replay(attempt.id, after: middle.id)
            #expect(rest == Array(events[(events.count / 2 + 1)...]))
            #expect(try await parts.queue.depth() == 0)

            // The result is stored once: a second completion (a duplicate delivery) changes nothing.
            let again = AssessmentRecord(feedback: "other", result: result, firstText: nil, total: .seconds(1))
            #expect(try await parts.attempts.complete(id: attempt.id, again) == false)
            #expect(try await parts.attempts.attempt(id: attempt.id, userID: parts.learner)?.feedback == stored.feedback)
        }
    }

    @Test func theOutboxSendsAnswersThatNeverReachedRedis() async throws {
        try await Self.withParts { parts in
            let attempt = try await Self.submitted(parts)  // stored; "crashed" before enqueueing
            try await parts.queue.prepare()
            #expect(try await parts.queue.depth() == 0)
            let sent = try await parts.attempts.drainOutbox(after: .zero, stale: .seconds(900)) { id in try await parts.queue.enqueue(id) }
            #expect(sent == 1)
            #expect(try await parts.queue.depth() == 1)
            // Sent once: a second pass finds nothing more to send.
            #expect(try await parts.attempts.drainOutbox(after: .zero, stale: .seconds(900)) { id in try await parts.queue.enqueue(id) } == 0)
            try await Self.work(Self.worker(parts)) { try await parts.attempts.attempt(id: attempt.id, userID: parts.learner)?.state == .complete }
        }
    }

    @Test func aJobWhoseWorkerDiedIsTakenOverByAnother() async throws {
        try await Self.withParts(claimAfter: .seconds(1)) { parts in
            let attempt = try await Self.submitted(parts)
            try await parts.queue.prepare()
            try await parts.queue.enqueue(attempt.id)
            // A worker takes the job and dies without acknowledging it.
            let reader = parts.redis.blockingConnection(maximumBlock: .seconds(2))
            let taken = try await parts.queue.next(consumer: "dead-worker", count: 1, wait: .seconds(1), on: reader)
            reader.close()
            #expect(taken.map(\.jobID) == [attempt.id])
            _ = try await parts.attempts.begin(id: attempt.id, lease: parts.queue.claimAfter)
            try await Self.work(Self.worker(parts)) { try await parts.attempts.attempt(id: attempt.id, userID: parts.learner)?.state == .complete }
            let names = try await parts.events.replay(attempt.id, after: nil).map(\.event.name)
            #expect(names.filter { $0 == "complete" }.count == 1)
        }
    }

    @Test func aJobStoredButNotAnnouncedBeforeItsWorkerDiedStillEndsOnce() async throws {
        try await Self.withParts(claimAfter: .seconds(1)) { parts in
            let attempt = try await Self.submitted(parts)
            try await parts.queue.prepare()
            try await parts.queue.enqueue(attempt.id)
            // A worker takes the job, streams some text, stores the result and dies before it
            // publishes "complete" or acknowledges the job: the page is left waiting.
            let reader = parts.redis.blockingConnection(maximumBlock: .seconds(2))
            let taken = try #require(try await parts.queue.next(consumer: "dead-worker", count: 1, wait: .seconds(1), on: reader).first)
            reader.close()
            let (begun, _) = try #require(try await parts.attempts.begin(id: attempt.id, lease: parts.queue.claimAfter))
            let worker = Self.worker(parts)
            let record = try await Self.jobs(parts).assess(begun, publish: { try await parts.events.publish($0, for: attempt.id) })
            #expect(try await parts.attempts.complete(id: attempt.id, record))
            #expect(try await parts.events.replay(attempt.id, after: nil).last?.event.name == "text")

            // Another worker claims the job: nothing is assessed again, and the stream ends once.
            try await Self.work(worker) { try await parts.queue.depth() == 0 }
            let names = try await parts.events.replay(attempt.id, after: nil).map(\.event.name)
            #expect(names.filter { $0 == "started" }.count == 1, "assessed once: \(names)")
            #expect(names.last == "complete" && names.filter { $0 == "complete" }.count == 1, "\(names)")
            // The same delivery handled again (at-least-once) adds no second ending.
            try await worker.handle(taken, consumer: "late-worker")
            #expect(try await parts.events.replay(attempt.id, after: nil).filter { $0.event.isFinal }.count == 1)
        }
    }

    @Test func aDuplicateJobIsNotAssessedWhileAnotherWorkerHasIt() async throws {
        try await Self.withParts(claimAfter: .seconds(1)) { parts in
            let attempt = try await Self.submitted(parts)
            try await parts.queue.prepare()
            try await parts.queue.enqueue(attempt.id)
            try await parts.queue.enqueue(attempt.id)  // the same job twice (the outbox sent it again)
            // A slow worker takes the first entry and the job's lease.
            let reader = parts.redis.blockingConnection(maximumBlock: .seconds(2))
            let slow = try #require(try await parts.queue.next(consumer: "slow-worker", count: 1, wait: .seconds(1), on: reader).first)
            reader.close()
            let (begun, _) = try #require(try await parts.attempts.begin(id: attempt.id, lease: .seconds(30)))

            // Another worker gets the duplicate and leaves it alone.
            let worker = Self.worker(parts)
            let running = Task { await worker.run() }
            try await Task.sleep(for: .seconds(2.5))
            #expect(try await parts.events.replay(attempt.id, after: nil).isEmpty, "nothing assessed a second time")
            #expect(try await parts.queue.depth() == 2, "the duplicate waits")

            // The slow worker finishes; the duplicate is then acknowledged without a second assessment.
            let record = try await Self.jobs(parts).assess(begun, publish: { try await parts.events.publish($0, for: attempt.id) })
            #expect(try await parts.attempts.complete(id: attempt.id, record))
            try await parts.events.publish(.complete(record.result), for: attempt.id)
            try await parts.queue.finish(slow)
            let deadline = ContinuousClock.now + .seconds(20)
            while try await parts.queue.depth() > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
            running.cancel()
            await running.value
            #expect(try await parts.queue.depth() == 0)
            let names = try await parts.events.replay(attempt.id, after: nil).map(\.event.name)
            #expect(names.filter { $0 == "started" }.count == 1 && names.filter { $0 == "complete" }.count == 1, "\(names)")
            var deliveries = 0
            for try await count in try await parts.attempts.client.query("SELECT deliveries FROM feedback_attempts WHERE id = \(attempt.id)").decode(Int.self) {
                deliveries = count
            }
            #expect(deliveries == 1)
        }
    }

    struct AlwaysBusy: FeedbackProvider {
        var name: String { "gemini" }
        func assess(_ request: FeedbackRequest) -> AsyncThrowingStream<FeedbackEvent, any Error> {
            AsyncThrowingStream { $0.finish(throwing: ProviderError(.unavailable, "Gemini answered 503 (overloaded)")) }
        }
    }

    @Test func aJobThatKeepsFailingEndsWithAClearMessageAndCanBeRetried() async throws {
        try await Self.withParts { parts in
            let attempt = try await Self.submitted(parts)
            try await parts.queue.prepare()
            try await parts.queue.enqueue(attempt.id)
            try await Self.work(Self.worker(parts, maxDeliveries: 2, provider: { AlwaysBusy() })) {
                try await parts.attempts.attempt(id: attempt.id, userID: parts.learner)?.state == .failed
            }
            let failed = try #require(try await parts.attempts.attempt(id: attempt.id, userID: parts.learner))
            #expect(failed.failure?.isEmpty == false)
            #expect(failed.answer == FeedbackFixture.essay, "the essay is kept")
            let events = try await parts.events.replay(attempt.id, after: nil)
            #expect(events.last?.event.name == "failed")
            #expect(try await parts.redis.send(["XLEN", parts.queue.deadLetters]).int == 1)
            #expect(try await parts.queue.depth() == 0)

            // The learner retries; this time an examiner answers.
            #expect(try await parts.attempts.retry(id: attempt.id, userID: parts.learner))
            _ = try await parts.redis.delete(parts.events.stream(of: attempt.id))
            try await parts.queue.enqueue(attempt.id)
            try await Self.work(Self.worker(parts)) { try await parts.attempts.attempt(id: attempt.id, userID: parts.learner)?.state == .complete }
        }
    }

    @Test func anEventTriedAgainAfterItsReplyWasLostIsStoredOnce() async throws {
        try await Self.withParts { parts in
            let id = UUID()
            let first = try await parts.events.publish(.text("Hello "), for: id, key: "event-1")
            let again = try await parts.events.publish(.text("Hello "), for: id, key: "event-1")  // the same event, tried again
            let next = try await parts.events.publish(.text("Hello "), for: id, key: "event-2")   // the same words, another event
            #expect(again == first && next != first)
            #expect(try await parts.events.replay(id, after: nil).map(\.id) == [first, next])
        }
    }

    @Test func anotherLearnersAnswerIsNotFound() async throws {
        try await Self.withParts { parts in
            let attempt = try await Self.submitted(parts)
            #expect(try await parts.attempts.attempt(id: attempt.id, userID: parts.learner + 1000) == nil)
            #expect(try await parts.attempts.saveDraft(id: attempt.id, userID: parts.learner, answer: "changed") == nil, "a sent answer is not a draft")
            #expect(try await parts.attempts.retry(id: attempt.id, userID: parts.learner) == false, "only a failed answer is retried")
        }
    }
}
