import Practice
import Templates

/// A rendered lesson body: HTML, with the practice question groups where the editor put them.
/// The HTML is rendered once per revision; the page renders each group with the learner's answers.
public struct LessonBody: Sendable {
    public enum Part: Sendable {
        case html(TrustedHTML)
        case questions(QuestionGroup)
    }

    public let parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// The question groups, in order.
    public var questionGroups: [QuestionGroup] {
        parts.compactMap { if case .questions(let group) = $0 { group } else { nil } }
    }

    /// All the HTML parts joined (for tests and plain previews).
    public var html: String {
        parts.map { if case .html(let html) = $0 { html.source } else { "" } }.joined()
    }
}
