import Foundation
import Practice

/// A learner's Writing or Speaking answer and, once assessed, the feedback on it.
public struct FeedbackAttempt: Sendable, Equatable {
    public enum State: String, Sendable, Codable {
        /// Being written (autosaved); not yet sent.
        case draft
        /// Sent: stored and waiting for (or being given) feedback.
        case queued
        case complete
        /// Every try failed (dead-lettered): the learner sees why and can try again.
        case failed
    }

    public enum Mode: String, Sendable, Codable { case timed, practice }

    public let id: UUID
    public let userID: Int64
    public let promptSlug: String
    public let task: FeedbackTask
    public let promptTitle: String
    /// The prompt as the learner read it when they started.
    public let promptText: String
    public let keywords: [String]
    public let mode: Mode
    public let state: State
    public let answer: String
    /// Speaking: the answer's length and its recording.
    public let seconds: Double?
    public let audioKey: String?
    public let audioType: String?
    public let startedAt: Date
    public let savedAt: Date
    public let submittedAt: Date?
    /// Whether a paid provider may assess it (false past the learner's daily limit).
    public let paidAllowed: Bool
    /// The queue was deep when it was sent: the learner was told feedback would take longer.
    public let delayed: Bool
    public let completedAt: Date?
    /// The streamed feedback prose, and the structured result.
    public let feedback: String?
    public let result: FeedbackResult?
    public let failure: String?

    /// The event that ends a finished attempt's stream; nil while it is a draft or queued.
    public var finalEvent: JobEvent? {
        switch state {
        case .complete: result.map { .complete($0) }
        case .failed: .failed(failure ?? "We could not assess this answer.")
        case .draft, .queued: nil
        }
    }

    /// What a provider is asked to assess.
    public var request: FeedbackRequest {
        FeedbackRequest(task: task, promptTitle: promptTitle, prompt: promptText, keywords: keywords, text: answer,
                        seconds: seconds, audioKey: audioKey)
    }
}

/// The prompt an attempt answers, as the learner reads it.
public struct PromptSnapshot: Sendable, Equatable {
    public let slug: String
    public let task: FeedbackTask
    public let title: String
    public let text: String
    public let keywords: [String]

    public init(slug: String, task: FeedbackTask, title: String, text: String, keywords: [String]) {
        self.slug = slug
        self.task = task
        self.title = title
        self.text = text
        self.keywords = keywords
    }
}

/// How a finished assessment is recorded: who gave it, what it cost, how long it took.
public struct AssessmentRecord: Sendable, Equatable {
    public let feedback: String
    public let result: FeedbackResult
    public let firstText: Duration?
    public let total: Duration

    public init(feedback: String, result: FeedbackResult, firstText: Duration?, total: Duration) {
        self.feedback = feedback
        self.result = result
        self.firstText = firstText
        self.total = total
    }
}
