import Foundation
import Logging

/// Feedback on learners' answers as queued jobs: the attempt in PostgreSQL, the providers for it,
/// the assessment streamed to the job's events, the result stored once.
public struct FeedbackJobs: QueuedJobs {
    public let kind = "feedback"
    public let attempts: FeedbackAttempts
    /// The providers for an attempt (the paid ones left out past the learner's daily limit).
    public let providers: @Sendable (FeedbackAttempt) -> any FeedbackProvider
    let logger: Logger

    public init(attempts: FeedbackAttempts, logger: Logger = Logger(label: "bandup.worker"),
                providers: @escaping @Sendable (FeedbackAttempt) -> any FeedbackProvider) {
        self.attempts = attempts
        self.providers = providers
        self.logger = logger
    }

    public var records: JobRecords { attempts.records }

    public func finalEvent(of id: UUID) async throws -> JobEvent? { try await attempts.finished(id: id)?.finalEvent }

    public func run(_ id: UUID, publish: @escaping @Sendable (JobEvent) async throws -> Void) async throws -> JobEvent? {
        guard let attempt = try await attempts.waiting(id: id) else { return nil }
        let record = try await assess(attempt, publish: publish)
        guard try await attempts.complete(id: id, record) else { return nil }
        logger.info("feedback stored", metadata: ["attempt": "\(id)", "provider": "\(record.result.provider)",
                                                  "ms": "\(FeedbackAttempts.milliseconds(record.total))"])
        return .complete(record.result)
    }

    public func fail(_ id: UUID, reason: String) async throws -> JobEvent? {
        let message = "We could not assess this answer: \(reason)."
        return try await attempts.fail(id: id, message: message) ? .failed(message) : nil
    }

    /// Runs the providers, publishing as they go; the record to store.
    func assess(_ attempt: FeedbackAttempt, publish: @Sendable (JobEvent) async throws -> Void) async throws -> AssessmentRecord {
        let provider = providers(attempt)
        let clock = ContinuousClock(), started = clock.now
        var firstText: Duration?, prose = "", result: FeedbackResult?
        try await publish(.started(provider: provider.name))
        for try await event in provider.assess(attempt.request) {
            switch event {
            case .status(let line): try await publish(.status(line))
            case .text(let piece):
                if firstText == nil { firstText = clock.now - started }
                prose += piece
                try await publish(.text(piece))
            case .result(let final): result = final
            }
        }
        guard var result else { throw ProviderError(.malformed, "\(provider.name) finished without a result") }
        // Counts and fluency signals come from the text itself, whoever gave the bands.
        if !result.isEstimate { result = result.adding(measures: OfflineAnalyser().analyse(attempt.request).measures) }
        return AssessmentRecord(feedback: prose, result: result, firstText: firstText, total: clock.now - started)
    }
}
