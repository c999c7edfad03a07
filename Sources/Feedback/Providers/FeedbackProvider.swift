/// What a provider sends while it works: status lines, pieces of the feedback text as they are
/// written, and finally the structured result.
public enum FeedbackEvent: Sendable, Equatable, Codable {
    case status(String)
    case text(String)
    case result(FeedbackResult)
}

/// Something that assesses writing or speaking: the offline analyser, Gemini or Bedrock.
public protocol FeedbackProvider: Sendable {
    /// "offline", "gemini", "bedrock".
    var name: String { get }
    /// The assessment as a stream of events, ending with `.result`.
    func assess(_ request: FeedbackRequest) -> AsyncThrowingStream<FeedbackEvent, any Error>
}

/// A provider failed in a way worth telling the learner (and maybe trying another provider).
public struct ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The request was wrong (400): retrying will not help.
        case rejected
        /// Too many requests or a temporary outage (429, 5xx, timeouts): retry later or elsewhere.
        case unavailable
        /// The answer could not be read (malformed JSON, a bad checksum, a cut stream).
        case malformed
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var isRetryable: Bool { kind != .rejected }
    public var description: String { message }
}
