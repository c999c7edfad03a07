/// What BandUp asks a language model: instructions, the material, a recording it may hear, and
/// the shape of the one JSON object it must answer with.
public struct ModelRequest: Sendable {
    public var system: String
    public var user: String
    /// Audio the model hears with the text (Gemini only).
    public var audio: (bytes: [UInt8], type: String)?
    public var schema: AnswerSchema
    /// What the answer is, for Bedrock's tool: its name and description.
    public var tool: (name: String, description: String)
    public var temperature: Double
    public var maxTokens: Int

    public init(system: String, user: String, audio: (bytes: [UInt8], type: String)? = nil, schema: AnswerSchema,
                tool: (name: String, description: String), temperature: Double = 0.2, maxTokens: Int = 4096) {
        self.system = system
        self.user = user
        self.audio = audio
        self.schema = schema
        self.tool = tool
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}

/// A language model BandUp reaches over HTTP (Gemini, Bedrock): it streams its JSON answer in
/// pieces as it writes them.
public protocol LanguageModel: Sendable {
    /// "gemini", "bedrock".
    var name: String { get }
    var timeouts: ProviderTimeouts { get }
    /// Sends `request`; each piece of the answer's JSON text goes to `piece` as it arrives. The
    /// tokens used, when the model says. Errors are ``ProviderError``s (or the HTTP client's).
    func generate(_ request: ModelRequest, piece: (String) throws -> Void) async throws -> TokenUsage?
}

extension LanguageModel {
    /// A model's work as a stream of events under its timeouts: `body` gets the watchdog (told
    /// when the first text arrives) and a way to yield events, and returns the last event.
    public func stream<Event: Sendable>(_ body: @escaping @Sendable (_ sawText: @escaping @Sendable () -> Void, _ yield: @escaping @Sendable (Event) -> Void) async throws -> Event)
        -> AsyncThrowingStream<Event, any Error> {
        let name = name
        return Watchdog.stream(timeouts, provider: name, mapped: { ProviderError(.unavailable, "\(name) could not be reached: \($0)") }) { watchdog, yield in
            try await body({ watchdog.sawFirstText() }, yield)
        }
    }
}
