import Foundation
import Logging
import Redis

/// Takes jobs off the queue and does them: feedback on answers, and any other ``QueuedJobs``
/// kind (flashcard sets). A job is taken with a lease on its record, its progress is published
/// to the job's event stream, its outcome is stored once, and only then is it acknowledged. A
/// job that keeps failing is dead-lettered after `maxDeliveries` tries and the learner is told.
/// Runs inside `bandup serve` and as `bandup worker`.
public struct FeedbackWorker: Sendable {
    public let queue: FeedbackQueue
    public let events: JobEvents
    /// What each kind of job is, by its name on the queue.
    public let jobs: [String: any QueuedJobs]
    /// Jobs done at once by this process.
    public let concurrency: Int
    public let maxDeliveries: Int
    /// This process's name in the consumer group.
    public let consumer: String
    let logger: Logger

    public init(queue: FeedbackQueue, events: JobEvents, jobs: [any QueuedJobs], concurrency: Int = 4, maxDeliveries: Int = 3,
                consumer: String = FeedbackWorker.defaultConsumer(), logger: Logger = Logger(label: "bandup.worker")) {
        self.queue = queue
        self.events = events
        self.jobs = Dictionary(jobs.map { ($0.kind, $0) }, uniquingKeysWith: { $1 })
        self.concurrency = max(1, concurrency)
        self.maxDeliveries = max(1, maxDeliveries)
        self.consumer = consumer
        self.logger = logger
    }

    /// A worker for feedback jobs only.
    public init(attempts: FeedbackAttempts, queue: FeedbackQueue, events: JobEvents, concurrency: Int = 4, maxDeliveries: Int = 3,
                consumer: String = FeedbackWorker.defaultConsumer(), logger: Logger = Logger(label: "bandup.worker"),
                providers: @escaping @Sendable (FeedbackAttempt) -> any FeedbackProvider) {
        self.init(queue: queue, events: events, jobs: [FeedbackJobs(attempts: attempts, logger: logger, providers: providers)],
                  concurrency: concurrency, maxDeliveries: maxDeliveries, consumer: consumer, logger: logger)
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
                logger.warning("the worker will try again", metadata: ["error": "\(error)", "in": "\(pause)"])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(5))
            }
        }
    }

    /// One delivery of a job, from taking it to acknowledging it.
    public func handle(_ delivery: FeedbackQueue.Delivery, consumer: String) async throws {
        let id = delivery.jobID
        guard let kind = jobs[delivery.kind] else {
            try await queue.deadLetter(delivery, reason: "no worker here does '\(delivery.kind)' jobs")
            return
        }
        let number: Int
        switch try await kind.begin(id, lease: queue.claimAfter) {
        case .started(let delivery): number = delivery
        case .finished(let final):
            if let final { try await publish(final, id) }  // once: the publish script keeps one ending
            try await queue.finish(delivery)
            return
        case .busy:
            // Another worker has it: leave this delivery pending. It is claimed again later and
            // acknowledged once the job is done, or done here if that worker died.
            return
        case .gone:
            try await queue.finish(delivery)
            return
        }
        let log = logger.with("job", id.uuidString, "kind", delivery.kind, "delivery", "\(number)")
        if number > maxDeliveries {
            try await giveUp(kind, delivery, reason: "it was interrupted \(number - 1) times", log: log)
            return
        }
        // Keep the job ours while a slow provider works, so no other worker claims it.
        let keeper = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: queue.claimAfter / 3)
                try? await queue.touch(delivery, consumer: consumer)
                try? await kind.records.renewLease(id: id, lease: queue.claimAfter)
            }
        }
        defer { keeper.cancel() }
        do {
            if let final = try await kind.run(id, publish: { try await publish($0, id) }) { try await publish(final, id) }
            try await queue.finish(delivery)
        } catch is CancellationError {
            throw CancellationError()  // shutting down: the job stays pending and is claimed again
        } catch {
            log.warning("the job failed", metadata: ["error": "\(error)"])
            if number >= maxDeliveries || (error as? ProviderError)?.kind == .rejected {
                try await giveUp(kind, delivery, reason: "\(error)", log: log)
            } else {
                try? await publish(.status("That did not work; trying again shortly…"), id)
                try await Task.sleep(for: .seconds(Double(number)))
                try await kind.records.release(id: id)  // the next worker may take it
                try await queue.enqueue(id, kind: delivery.kind)  // a fresh entry; this delivery is done
                try await queue.finish(delivery)
            }
        }
    }

    func giveUp(_ kind: any QueuedJobs, _ delivery: FeedbackQueue.Delivery, reason: String, log: Logger) async throws {
        if let final = try await kind.fail(delivery.jobID, reason: reason) {
            try await publish(final, delivery.jobID)
        }
        try await queue.deadLetter(delivery, reason: reason)
        log.error("job dead-lettered", metadata: ["reason": "\(reason)"])
    }

    /// Publishes, riding out a short Redis outage (a restart or failover) rather than failing the job;
    /// one key for every try, so an event whose reply was lost is not written twice.
    func publish(_ event: JobEvent, _ id: UUID) async throws {
        var pause = Duration.milliseconds(100)
        let key = UUID().uuidString
        for attempt in 1...8 {
            do {
                try await events.publish(event, for: id, key: key)
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
