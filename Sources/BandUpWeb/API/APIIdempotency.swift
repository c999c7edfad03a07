import API
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `Idempotency-Key` on the POSTs that create something: the first response to a key is kept
/// in Redis for 24 hours and returned again (`Idempotent-Replayed: true`) for the same key and
/// the same request; the same key with another request is 422; while the first is still running
/// a second gets 409. Failures of BandUp's own (5xx) are not kept, so the client may retry.
struct APIIdempotency: Sendable {
    let backends: Backends
    static let lifetime = 86_400
    /// How long a claim lasts before its answer is kept: a request that dies half-way (a crashed
    /// instance, Redis gone) frees its key after this, instead of answering 409 for a day.
    static let claim = 120

    /// Runs `body` once per key and request; `refusal` writes a problem the same way the API
    /// writes every other (a refusal is an answer too: the same request gets it again).
    func run(key: String, userID: Int64, request fingerprint: [UInt8], refusal: (Problem) -> Response,
             _ body: () async throws -> Response) async throws -> Response {
        let hash = Data(SHA256.hash(data: Array(key.utf8))).base64EncodedString()
        let slot = "api:idempotency:\(userID):\(hash)"
        let print = Data(fingerprint).base64EncodedString()
        let claimed = try await backends.cache { redis in
            try await redis.send(["SET", slot, "pending \(print)", "NX", "EX", String(Self.claim)])
        }
        if case .null = claimed {
            let stored = try await backends.cache { redis in try await redis.get(slot) } ?? ""
            guard let kept = Kept(stored), kept.fingerprint == print else {
                throw Problem(.idempotencyKeyReused, "This Idempotency-Key was used for a different request in the last 24 hours. Use a new key for a new request.")
            }
            guard let response = kept.response else {
                throw Problem(.idempotencyInProgress, "A request with this Idempotency-Key is still being processed. Wait for it, then retry.")
            }
            return response
        }
        var response: Response
        do {
            response = try await body()
        } catch {
            let problem = Problem.from(error)
            guard problem.status < 500 else {
                _ = try? await backends.cache { redis in try await redis.delete(slot) }
                throw error
            }
            response = refusal(problem)
        }
        let bytes = try await Self.bytes(of: &response)
        // The work is done: a failure to keep its answer must not turn it into an error (the
        // claim then lapses, and a retry with the key runs again).
        try? await keep(slot, print, status: Int(response.status.code), headers: response.headers, body: bytes)
        return response
    }

    private func keep(_ slot: String, _ print: String, status: Int, headers: HTTPFields, body: [UInt8]) async throws {
        let kept: JSONValue = .object([
            ("status", .int(Int64(status))),
            ("headers", .array(headers.filter { [.contentType, .location, .cacheControl].contains($0.name) }.map { .array([.string($0.name.rawName), .string($0.value)]) })),
            ("body", .string(Data(body).base64EncodedString())),
        ])
        try await backends.cache { redis in
            try await redis.send(["SET", slot, "done \(print) \(kept.text)", "XX", "EX", String(Self.lifetime)])
        }
    }

    /// What a key holds: the request's fingerprint and, once answered, the response.
    struct Kept {
        let fingerprint: String
        let response: Response?

        init?(_ stored: String) {
            let parts = stored.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count >= 2 else { return nil }
            fingerprint = parts[1]
            guard parts[0] == "done", parts.count == 3, let value = try? JSONParser.parse(Array(parts[2].utf8)),
                  let status = value["status"]?.int, let body = value["body"]?.string.flatMap({ Data(base64Encoded: $0) }) else {
                response = nil
                return
            }
            var headers: HTTPFields = [HTTPField.Name("Idempotent-Replayed")!: "true"]
            for pair in value["headers"]?.array ?? [] {
                if let text = pair.array?.first?.string, let name = HTTPField.Name(text), let field = pair.array?.last?.string { headers[name] = field }
            }
            response = Response(status: HTTPResponse.Status(code: Int(status)), headers: headers, body: .init(byteBuffer: ByteBuffer(data: body)))
        }
    }

    /// A response's body, read so it can be kept (API responses that create things are small).
    static func bytes(of response: inout Response) async throws -> [UInt8] {
        let box = BodyCollector.Box()
        try await response.body.write(BodyCollector(box: box))
        response.body = .init(byteBuffer: ByteBuffer(bytes: box.bytes))
        return box.bytes
    }
}

/// Gathers a response body written to it.
struct BodyCollector: ResponseBodyWriter {
    final class Box: @unchecked Sendable {
        var bytes: [UInt8] = []
    }
    let box: Box

    mutating func write(_ buffer: ByteBuffer) async throws { box.bytes += Array(buffer: buffer) }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
