import Foundation
import Logging
import Redis

/// Takes feedback jobs off the queue and assesses them: the attempt is read from PostgreSQL,
/// the providers stream their events to the job's event stream, the result is stored once, and
/// only then is the job acknowledged. A job that keeps failing is dead-lettered after
/// `maxDeliveries` tries and the learner is told. Runs inside `bandup serve` and as `bandup worker`.
public struct FeedbackWorker: Sendable {
    public let attempts: FeedbackAttempts
    public let queue: FeedbackQueue
    public let events: JobEvents
    /// The providers for an attempt (the paid ones left out past the learner's daily limit).
    public let providers: @Sendable (FeedbackAttempt) -> any FeedbackProvider
    /// Jobs assessed at once by this process.
    public let concurrency: Int
    public let maxDeliveries: Int
    /// This process's name in the consumer group.
    public let consumer: String
    let logger: Logger

    public init(attempts: FeedbackAttempts, queue: FeedbackQueue, events: JobEvents, concurrency: Int = 4, maxDeliveries: Int = 3,
                consumer: String = FeedbackWorker.defaultConsumer(), logger: Logger = Logger(label: "bandup.worker"),
                providers: @escaping @Sendable (FeedbackAttempt) -> any FeedbackProvider) {
        self.attempts = attempts
        self.queue = queue
        self.events = events
        self.providers = providers
        self.concurrency = max(1, concurrency)
        self.maxDeliveries = max(1, maxDeliveries)
        self.consumer = consumer
        self.logger = logger
    }

    /// host-pid-random: unique per process, readable in `XINFO CONSUMERS`.
    public static func defaultConsumer() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Works until cancelled, or until `stopping` says so (then the jobs in hand are finished
    /// first): `concurrency` loops, each taking one job at a time.
    public func run(stopping: @escaping @Sendable () -> Bool = { false }) async {
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<concurrency {
                group.addTask { await loop("\(consumer)-\(index)", stopping: stopping) }
            }
        }
    }

    func loop(_ name: String, stopping: @Sendable () -> Bool) async {
        let reader = queue.redis.blockingConnection(maximumBlock: .seconds(2))
        defer { reader.close() }
        var pause = Duration.milliseconds(100)
        while !Task.isCancelled && !stopping() {
            do {
                try await queue.prepare()
                while !Task.isCancelled && !stopping() {
                    for delivery in try await queue.next(consumer: name, count: 1, wait: .seconds(2), on: reader) {
                        try await handle(delivery, consumer: name)
                    }
                    pause = .milliseconds(100)
                }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("the feedback worker will try again", metadata: ["error": "\(error)", "in": "\(pause)"])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(5))
            }
        }
    }

    /// One delivery of a job, from taking it to acknowledging it.
    public func handle(_ delivery: FeedbackQueue.Delivery, consumer: String) async throws {
        guard let (attempt, number) = try await attempts.begin(id: delivery.attemptID, lease: queue.claimAfter) else {
            if let finished = try await attempts.finished(id: delivery.attemptID) {
                // Already assessed. A worker killed between storing the result and publishing it
                // left pages waiting: the final event goes out now (once, see JobEvents).
                if let final = finished.finalEvent { try await publish(final, finished.id) }
            } else if try await attempts.isLeased(id: delivery.attemptID) {
                // Another worker is assessing it (this is a duplicate, or that worker is slow to
                // touch its entry): leave this delivery pending. It is claimed again later and
                // acknowledged once the job is done, or assessed if that worker died.
                return
            }
            try await queue.finish(delivery)
            return
        }
        let log = logger.with("attempt", attempt.id.uuidString, "delivery", "\(number)")
        if number > maxDeliveries {
            try await giveUp(attempt, delivery, reason: "it was interrupted \(number - 1) times", log: log)
            return
        }
        // Keep the job ours while a slow provider works, so no other worker claims it.
        let keeper = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: queue.claimAfter / 3)
                try? await queue.touch(delivery, consumer: consumer)
                try? await attempts.renewLease(id: attempt.id, lease: queue.claimAfter)
            }
        }
        defer { keeper.cancel() }
        do {
            let record = try await assess(attempt)
            if try await attempts.complete(id: attempt.id, record) {
                try await publish(.complete(record.result), attempt.id)
                log.info("feedback stored", metadata: ["provider": "\(record.result.provider)", "ms": "\(FeedbackAttempts.milliseconds(record.total))"])
            }
            try await queue.finish(delivery)
        } catch is CancellationError {
            throw CancellationError()  // shutting down: the job stays pending and is claimed again
        } catch {
            log.warning("assessment failed", metadata: ["error": "\(error)"])
            if number >= maxDeliveries || (error as? ProviderError)?.kind == .rejected {
                try await giveUp(attempt, delivery, reason: "\(error)", log: log)
            } else {
                try? await publish(.status("That did not work; trying again shortly…"), attempt.id)
                try await Task.sleep(for: .seconds(Double(number)))
                try await attempts.release(id: attempt.id)  // the next worker may take it
                try await queue.enqueue(attempt.id)  // a fresh entry; this delivery is done
                try await queue.finish(delivery)
            }
        }
    }

    /// Runs the providers, publishing as they go; the record to store.
    func assess(_ attempt: FeedbackAttempt) async throws -> AssessmentRecord {
        let provider = providers(attempt)
        let clock = ContinuousClock(), started = clock.now
        var firstText: Duration?, prose = "", result: FeedbackResult?
        try await publish(.started(provider: provider.name), attempt.id)
        for try await event in provider.assess(attempt.request) {
            switch event {
            case .status(let line): try await publish(.status(line), attempt.id)
            case .text(let piece):
                if firstText == nil { firstText = clock.now - started }
                prose += piece
                try await publish(.text(piece), attempt.id)
            case .result(let final): result = final
            }
        }
        guard var result else { throw ProviderError(.malformed, "\(provider.name) finished without a result") }
        // Counts and fluency signals come from the text itself, whoever gave the bands.
        if !result.isEstimate { result = result.adding(measures: OfflineAnalyser().analyse(attempt.request).measures) }
        return AssessmentRecord(feedback: prose, result: result, firstText: firstText, total: clock.now - started)
    }

    func giveUp(_ attempt: FeedbackAttempt, _ delivery: FeedbackQueue.Delivery, reason: String, log: Logger) async throws {
        let message = "We could not assess this answer: \(reason)."
        if try await attempts.fail(id: attempt.id, message: message) {
            try await publish(.failed(message), attempt.id)
        }
        try await queue.deadLetter(delivery, reason: reason)
        log.error("feedback job dead-lettered", metadata: ["reason": "\(reason)"])
    }

    /// Publishes, riding out a short Redis outage (a restart or failover) rather than failing the job.
    func publish(_ event: JobEvent, _ id: UUID) async throws {
        var pause = Duration.milliseconds(100)
        for attempt in 1...8 {
            do {
                try await events.publish(event, for: id)
                return
            } catch let error as RedisError where attempt < 8 {
                if case .server = error { throw error }
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(3))
            }
        }
    }
}

extension Logger {
    func with(_ pairs: String...) -> Logger {
        var logger = self
        for index in stride(from: 0, to: pairs.count - 1, by: 2) { logger[metadataKey: pairs[index]] = "\(pairs[index + 1])" }
        return logger
    }
}
