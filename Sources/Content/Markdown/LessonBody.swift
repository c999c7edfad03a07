import Practice
import Templates

/// A rendered lesson body: HTML, with the practice question groups where the editor put them.
/// The HTML is rendered once per revision; the page renders each group with the learner's answers.
public struct LessonBody: Sendable {
    public enum Part: Sendable {
        case html(TrustedHTML)
        case questions(QuestionGroup)
        /// A test's ```` ```section ```` (tests only).
        case section(SectionHeading)
        /// A listening part's recording, played by the test page itself (tests only).
        case audio(AudioClip)
    }

    public let parts: [Part]
    /// The lessons it links to (`lesson:slug`), with their lines.
    public let lessonLinks: [LessonLink]
    /// Links and images that lead nowhere: the page renders them emptied; checks report them.
    public let problems: [ContentError]

    public init(parts: [Part], lessonLinks: [LessonLink] = [], problems: [ContentError] = []) {
        self.parts = parts
        self.lessonLinks = lessonLinks
        self.problems = problems
    }

    /// The question groups, in order.
    public var questionGroups: [QuestionGroup] {
        parts.compactMap { if case .questions(let group) = $0 { group } else { nil } }
    }

    /// All the HTML parts joined (for tests and plain previews).
    public var html: String {
        parts.map { if case .html(let html) = $0 { html.source } else { "" } }.joined()
    }
}

/// A link to another lesson: its slug and the line it is on.
public struct LessonLink: Sendable, Equatable {
    public let slug: String
    public let line: Int
}

/// Where a test's section begins: `title: Reading Passage 1`, the passage's own `heading`, an `intro`.
public struct SectionHeading: Sendable, Equatable {
    public let title: String
    public let heading: String?
    public let intro: String?
    /// The line of the ```` ```section ```` fence in the file.
    public let line: Int
}

/// A recording in a test: the media path, the URL it is served from, its title and transcript.
public struct AudioClip: Sendable, Equatable {
    public let path: String
    public let url: String
    public let title: String
    public let transcript: String
}
