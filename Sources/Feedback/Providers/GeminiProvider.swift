import AsyncHTTPClient

/// Feedback from Google's Gemini (``GeminiModel``). Speaking answers with a recording send the
/// audio too, so pronunciation is assessed.
public struct GeminiProvider: FeedbackProvider {
    public var name: String { model.name }
    public let model: GeminiModel
    /// The recording's bytes and type for a storage key.
    let audio: @Sendable (String) async throws -> (bytes: [UInt8], type: String)?

    public init(apiKey: String, model: String = "gemini-2.5-flash", baseURL: String = "https://generativelanguage.googleapis.com",
                timeouts: ProviderTimeouts = ProviderTimeouts(), http: HTTPClient,
                audio: @escaping @Sendable (String) async throws -> (bytes: [UInt8], type: String)? = { _ in nil }) {
        self.init(model: GeminiModel(apiKey: apiKey, model: model, baseURL: baseURL, timeouts: timeouts, http: http), audio: audio)
    }

    public init(model: GeminiModel, audio: @escaping @Sendable (String) async throws -> (bytes: [UInt8], type: String)? = { _ in nil }) {
        self.model = model
        self.audio = audio
    }

    public func assess(_ request: FeedbackRequest) -> AsyncThrowingStream<FeedbackEvent, any Error> {
        AssessmentPrompt.assess(request, with: model, recording: audio)
    }
}
