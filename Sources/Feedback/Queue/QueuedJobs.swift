import Foundation

/// One kind of job the workers take off the queue (feedback on an answer, a set of flashcards):
/// where its jobs are kept and how one is done. ``FeedbackWorker`` owns the queue's side
/// (claiming, keeping, acknowledging, retrying, dead letters); this owns the job's record, which
/// says whether it is waiting, taken (a lease, ``JobRecords``) or done, so a job is done once.
public protocol QueuedJobs: Sendable {
    /// The kind's name on the queue ("feedback", "cards").
    var kind: String { get }
    /// The table's queue bookkeeping: leases and the outbox.
    var records: JobRecords { get }
    /// The final event of a job that is done (complete or failed), or nil while it is not.
    func finalEvent(of id: UUID) async throws -> JobEvent?
    /// Does the job, publishing its progress; stores the outcome once. The final event to
    /// publish, or nil when the outcome was already stored.
    func run(_ id: UUID, publish: @escaping @Sendable (JobEvent) async throws -> Void) async throws -> JobEvent?
    /// Gives up because of `reason` (the learner is told, in the kind's words); the final event
    /// to publish, or nil when the job was no longer waiting.
    func fail(_ id: UUID, reason: String) async throws -> JobEvent?
}

/// What taking a job found.
public enum JobStart: Sendable, Equatable {
    /// Ours now: the delivery's number (1 the first time).
    case started(delivery: Int)
    /// Done already. Its final event is published again (once): a worker killed between storing
    /// the outcome and publishing it left pages waiting.
    case finished(JobEvent?)
    /// Another worker holds it (a duplicate entry, or a slow worker).
    case busy
    /// Not waiting for anything (never sent, or gone).
    case gone
}

extension QueuedJobs {
    /// Takes job `id` for `lease`.
    public func begin(_ id: UUID, lease: Duration) async throws -> JobStart {
        if let number = try await records.begin(id: id, lease: lease) { return .started(delivery: number) }
        if let final = try await finalEvent(of: id) { return .finished(final) }
        return try await records.isLeased(id: id) ? .busy : .gone
    }
}
