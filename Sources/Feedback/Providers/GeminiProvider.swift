import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Feedback from Google's Gemini: `POST /v1beta/models/{model}:streamGenerateContent?alt=sse`
/// with the key in `x-goog-api-key`; the answer is server-sent events, each a
/// `GenerateContentResponse` whose text parts are streamed to the learner. Speaking answers with a
/// recording send the audio too, so pronunciation is assessed.
public struct GeminiProvider: FeedbackProvider {
    public let name = "gemini"
    public let apiKey: String
    public let model: String
    /// `https://generativelanguage.googleapis.com`, or a stand-in's address in tests.
    public let baseURL: String
    public let timeouts: ProviderTimeouts
    let http: HTTPClient
    /// The recording's bytes and type for a storage key.
    let audio: @Sendable (String) async throws -> (bytes: [UInt8], type: String)?

    public init(apiKey: String, model: String = "gemini-2.5-flash", baseURL: String = "https://generativelanguage.googleapis.com",
                timeouts: ProviderTimeouts = ProviderTimeouts(), http: HTTPClient,
                audio: @escaping @Sendable (String) async throws -> (bytes: [UInt8], type: String)? = { _ in nil }) {
        self.apiKey = apiKey
        self.model = model
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeouts = timeouts
        self.http = http
        self.audio = audio
    }

    public func assess(_ request: FeedbackRequest) -> AsyncThrowingStream<FeedbackEvent, any Error> {
        Watchdog.assessment(timeouts, provider: name, mapped: { ProviderError(.unavailable, "gemini could not be reached: \($0)") }) { watchdog, yield in
            try await stream(request, watchdog: watchdog, emit: yield)
        }
    }

    /// The request body Gemini expects.
    func body(_ request: FeedbackRequest, recording: (bytes: [UInt8], type: String)?) throws -> [UInt8] {
        var parts: [[String: Any]] = [["text": AssessmentPrompt.user(request)]]
        if let recording {
            parts.append(["inlineData": ["mimeType": recording.type, "data": Data(recording.bytes).base64EncodedString()]])
        }
        let body: [String: Any] = [
            "systemInstruction": ["parts": [["text": AssessmentPrompt.system(for: request.task, hasAudio: recording != nil)]]],
            "contents": [["role": "user", "parts": parts]],
            "generationConfig": ["temperature": 0.2, "maxOutputTokens": 4096, "responseMimeType": "application/json",
                                 "responseSchema": AssessmentSchema.answer(criteria: AssessmentPrompt.criteria(for: request.task, hasAudio: recording != nil)).gemini],
        ]
        return Array(try JSONSerialization.data(withJSONObject: body))
    }

    private func stream(_ request: FeedbackRequest, watchdog: Watchdog, emit: @Sendable (FeedbackEvent) -> Void) async throws -> FeedbackResult {
        let recording = try await request.audioKey.asyncMap(audio) ?? nil
        let modelPath = model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/:"))) ?? model
        var http = HTTPClientRequest(url: "\(baseURL)/v1beta/models/\(modelPath):streamGenerateContent?alt=sse")
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "x-goog-api-key", value: apiKey)
        http.body = .bytes(ByteBuffer(bytes: try body(request, recording: recording)))
        let response = try await self.http.execute(http, timeout: .seconds(Int64(timeouts.total.components.seconds) + 1))
        guard response.status == .ok else {
            let body = try await response.body.collect(upTo: 1 << 16)
            throw Self.error(status: Int(response.status.code), body: Data(body.readableBytesView))
        }
        var events = ServerSentEvents(), answer = StreamedField("feedback"), finished = false, usage: TokenUsage?
        func handle(_ data: String) throws {
            guard let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else {
                throw ProviderError(.malformed, "gemini sent an event that is not JSON")
            }
            if let error = object["error"] as? [String: Any] { throw ProviderError(.unavailable, "gemini: \(error["message"] as? String ?? "an error")") }
            let candidate = (object["candidates"] as? [[String: Any]])?.first
            let parts = ((candidate?["content"] as? [String: Any])?["parts"] as? [[String: Any]]) ?? []
            for part in parts {
                guard let text = part["text"] as? String, !text.isEmpty else { continue }
                watchdog.sawFirstText()
                let shown = answer.add(text)
                if !shown.isEmpty { emit(.text(shown)) }
            }
            if let counts = object["usageMetadata"] as? [String: Any], let input = counts["promptTokenCount"] as? Int {
                usage = TokenUsage(input: input, output: counts["candidatesTokenCount"] as? Int ?? 0)
            }
            if let reason = candidate?["finishReason"] as? String {
                guard reason == "STOP" || reason == "MAX_TOKENS" else { throw ProviderError(.rejected, "gemini stopped: \(reason)") }
                finished = true
            }
        }
        for try await chunk in response.body {
            for data in events.feed(chunk.readableBytesView) { try handle(data) }
        }
        for data in events.finish() { try handle(data) }
        guard finished else { throw ProviderError(.malformed, "gemini's answer ended before it finished") }
        return try AssessmentPrompt.result(json: answer.json, request: request, provider: name, hasAudio: recording != nil, usage: usage)
    }

    /// Gemini's error body `{"error": {"code", "message", "status"}}` as a ``ProviderError``.
    static func error(status: Int, body: Data) -> ProviderError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let message = (object?["error"] as? [String: Any])?["message"] as? String ?? "HTTP \(status)"
        return ProviderError(status == 429 || status >= 500 ? .unavailable : .rejected, "gemini: \(message) (HTTP \(status))")
    }

}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
