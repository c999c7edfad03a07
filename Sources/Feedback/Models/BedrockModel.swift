import AWSEventStream
import AWSSigning
import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Amazon Bedrock's ConverseStream: `POST /model/{modelId}/converse-stream`, signed with
/// Signature Version 4 (service `bedrock`); the answer's shape is enforced with one tool the
/// model must call, and arrives as `application/vnd.amazon.eventstream` whose
/// `contentBlockDelta` events carry pieces of the tool's input JSON. Exception frames become
/// clear errors.
public struct BedrockModel: LanguageModel {
    public let name = "bedrock"
    public let modelID: String
    public let region: String
    /// Fixed keys, or a task role's temporary keys (asked for before each request).
    public let credentials: any AWSCredentialSource
    /// `https://bedrock-runtime.<region>.amazonaws.com`, or a stand-in's address in tests.
    public let endpoint: String
    public let timeouts: ProviderTimeouts
    let http: HTTPClient
    let now: @Sendable () -> Date

    public init(modelID: String, region: String, credentials: any AWSCredentialSource, endpoint: String? = nil,
                timeouts: ProviderTimeouts = ProviderTimeouts(), http: HTTPClient, now: @escaping @Sendable () -> Date = { Date() }) {
        self.modelID = modelID
        self.region = region
        self.credentials = credentials
        let base = endpoint ?? "https://bedrock-runtime.\(region).amazonaws.com"
        self.endpoint = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.timeouts = timeouts
        self.http = http
        self.now = now
    }

    func body(_ request: ModelRequest) throws -> [UInt8] {
        let body: [String: Any] = [
            "system": [["text": request.system]],
            "messages": [["role": "user", "content": [["text": request.user]]]],
            "inferenceConfig": ["maxTokens": request.maxTokens, "temperature": request.temperature],
            "toolConfig": [
                "tools": [["toolSpec": ["name": request.tool.name, "description": request.tool.description,
                                        "inputSchema": ["json": request.schema.jsonSchema]]]],
                "toolChoice": ["tool": ["name": request.tool.name]],
            ],
        ]
        return Array(try JSONSerialization.data(withJSONObject: body))
    }

    /// The signed request: the model id is percent-encoded once on the wire (its `:`), and the
    /// signer encodes the path again, as AWS does for every service but S3.
    func signedRequest(_ body: [UInt8]) async throws -> HTTPClientRequest {
        let encodedModel = modelID.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? modelID
        let path = "/model/\(encodedModel)/converse-stream"
        let host = URL(string: endpoint)?.host.map { host in URL(string: endpoint)?.port.map { "\(host):\($0)" } ?? host } ?? endpoint
        let headers = [("content-type", "application/json"), ("host", host)]
        let signer = SigV4Signer(credentials: try await credentials.credentials(), region: region, service: "bedrock")
        let signing = signer.sign(SignableRequest(method: "POST", path: path, headers: headers.map { ($0.0, $0.1) },
                                                  payloadHash: SigV4Signer.hex(SHA256.hash(data: body))), date: now())
        var request = HTTPClientRequest(url: endpoint + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/vnd.amazon.eventstream")
        for header in signing.headers where header.name.lowercased() != "host" { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    public func generate(_ request: ModelRequest, piece: (String) throws -> Void) async throws -> TokenUsage? {
        let response = try await http.execute(try await signedRequest(try body(request)), timeout: .seconds(Int64(timeouts.total.components.seconds) + 1))
        guard response.status == .ok else {
            let body = try await response.body.collect(upTo: 1 << 16)
            let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
            let message = object?["message"] as? String ?? object?["Message"] as? String ?? "HTTP \(response.status.code)"
            let code = Int(response.status.code)
            throw ProviderError(code == 429 || code >= 500 ? .unavailable : .rejected, "bedrock: \(message) (HTTP \(code))")
        }
        var decoder = EventStreamDecoder(), stopped = false, usage: TokenUsage?
        func handle(_ message: EventStreamMessage) throws {
            let object = (try? JSONSerialization.jsonObject(with: Data(message.payload))) as? [String: Any] ?? [:]
            if message.string(":message-type") == "exception" {
                let type = message.string(":exception-type") ?? "exception"
                let text = object["message"] as? String ?? object["Message"] as? String ?? type
                let retryable = ["throttlingException", "serviceUnavailableException", "internalServerException", "modelStreamErrorException"].contains(type)
                throw ProviderError(retryable ? .unavailable : .rejected, "bedrock: \(type): \(text)")
            }
            switch message.string(":event-type") {
            case "contentBlockDelta":
                // The tool's input JSON arrives in pieces (a model that answers in text instead is read the same way).
                let delta = object["delta"] as? [String: Any]
                if let text = (delta?["toolUse"] as? [String: Any])?["input"] as? String ?? delta?["text"] as? String, !text.isEmpty {
                    try piece(text)
                }
            case "messageStop":
                let reason = object["stopReason"] as? String ?? "end_turn"
                guard ["tool_use", "end_turn", "max_tokens", "stop_sequence"].contains(reason) else { throw ProviderError(.rejected, "bedrock stopped: \(reason)") }
                stopped = true
            case "metadata":
                if let counts = object["usage"] as? [String: Any], let input = counts["inputTokens"] as? Int {
                    usage = TokenUsage(input: input, output: counts["outputTokens"] as? Int ?? 0)
                }
            default:
                break  // messageStart, contentBlockStart/Stop
            }
        }
        do {
            for try await chunk in response.body {
                decoder.append(chunk.readableBytesView)
                while let message = try decoder.next() { try handle(message) }
            }
        } catch let error as EventStreamError {
            throw ProviderError(.malformed, "bedrock's stream is damaged: \(error)")
        }
        guard stopped else { throw ProviderError(.malformed, "bedrock's answer ended before it finished") }
        return usage
    }
}
