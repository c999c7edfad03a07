import Practice
/// What a provider is asked to assess: the task, the prompt the learner answered, and their text
/// (an essay, or a speaking answer's transcript with its length in seconds).
public struct FeedbackRequest: Sendable, Codable, Equatable {
    public let task: FeedbackTask
    public let promptTitle: String
    /// The prompt as the learner read it (for relevance).
    public let prompt: String
    /// Topic words the answer is expected to use.
    public let keywords: [String]
    public let text: String
    /// Speaking: how long the answer took.
    public let seconds: Double?
    /// Speaking: where the recording is kept, when there is one (providers that hear audio use it).
    public let audioKey: String?

    public init(task: FeedbackTask, promptTitle: String, prompt: String, keywords: [String] = [], text: String,
                seconds: Double? = nil, audioKey: String? = nil) {
        self.task = task
        self.promptTitle = promptTitle
        self.prompt = prompt
        self.keywords = keywords
        self.text = text
        self.seconds = seconds
        self.audioKey = audioKey
    }

    /// Whether the learner wrote or typed anything.
    public var hasText: Bool { !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

    /// The same request reading `text` instead (a recording's heard words).
    public func reading(_ text: String, seconds: Double?) -> FeedbackRequest {
        FeedbackRequest(task: task, promptTitle: promptTitle, prompt: prompt, keywords: keywords, text: text, seconds: seconds, audioKey: audioKey)
    }
}
