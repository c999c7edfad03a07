import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Google's Gemini: `POST /v1beta/models/{model}:streamGenerateContent?alt=sse` with the key in
/// `x-goog-api-key`, the answer constrained by a `responseSchema`; server-sent events, each a
/// `GenerateContentResponse` whose text parts are pieces of the JSON answer. It can hear audio.
public struct GeminiModel: LanguageModel {
    public let name = "gemini"
    public let apiKey: String
    public let model: String
    /// `https://generativelanguage.googleapis.com`, or a stand-in's address in tests.
    public let baseURL: String
    public let timeouts: ProviderTimeouts
    let http: HTTPClient

    public init(apiKey: String, model: String = "gemini-2.5-flash", baseURL: String = "https://generativelanguage.googleapis.com",
                timeouts: ProviderTimeouts = ProviderTimeouts(), http: HTTPClient) {
        self.apiKey = apiKey
        self.model = model
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeouts = timeouts
        self.http = http
    }

    /// The request body Gemini expects.
    func body(_ request: ModelRequest) throws -> [UInt8] {
        var parts: [[String: Any]] = [["text": request.user]]
        if let audio = request.audio {
            parts.append(["inlineData": ["mimeType": audio.type, "data": Data(audio.bytes).base64EncodedString()]])
        }
        let body: [String: Any] = [
            "systemInstruction": ["parts": [["text": request.system]]],
            "contents": [["role": "user", "parts": parts]],
            "generationConfig": ["temperature": request.temperature, "maxOutputTokens": request.maxTokens, "responseMimeType": "application/json",
                                 "responseSchema": request.schema.gemini],
        ]
        return Array(try JSONSerialization.data(withJSONObject: body))
    }

    public func generate(_ request: ModelRequest, piece: (String) throws -> Void) async throws -> TokenUsage? {
        let modelPath = model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/:"))) ?? model
        var http = HTTPClientRequest(url: "\(baseURL)/v1beta/models/\(modelPath):streamGenerateContent?alt=sse")
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "x-goog-api-key", value: apiKey)
        http.body = .bytes(ByteBuffer(bytes: try body(request)))
        let response = try await self.http.execute(http, timeout: .seconds(Int64(timeouts.total.components.seconds) + 1))
        guard response.status == .ok else {
            let body = try await response.body.collect(upTo: 1 << 16)
            throw Self.error(status: Int(response.status.code), body: Data(body.readableBytesView))
        }
        var events = ServerSentEvents(), finished = false, usage: TokenUsage?
        func handle(_ data: String) throws {
            guard let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else {
                throw ProviderError(.malformed, "gemini sent an event that is not JSON")
            }
            if let error = object["error"] as? [String: Any] { throw ProviderError(.unavailable, "gemini: \(error["message"] as? String ?? "an error")") }
            let candidate = (object["candidates"] as? [[String: Any]])?.first
            let parts = ((candidate?["content"] as? [String: Any])?["parts"] as? [[String: Any]]) ?? []
            for part in parts {
                guard let text = part["text"] as? String, !text.isEmpty else { continue }
                try piece(text)
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
        return usage
    }

    /// Gemini's error body `{"error": {"code", "message", "status"}}` as a ``ProviderError``.
    static func error(status: Int, body: Data) -> ProviderError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let message = (object?["error"] as? [String: Any])?["message"] as? String ?? "HTTP \(status)"
        return ProviderError(status == 429 || status >= 500 ? .unavailable : .rejected, "gemini: \(message) (HTTP \(status))")
    }
}
