import Auth
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id: the one a trusted proxy sent (`X-Request-Id`, if sane) or a new one.
/// The id goes into the logger's metadata and back to the client as `X-Request-Id`.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        let offered = request.headers[.requestID]
        context.requestID = offered.flatMap(Self.acceptable) ?? Self.newID()
        // Hummingbird's own per-process counter is replaced by ours, which the client also sees.
        context.logger[metadataKey: "hb.request.id"] = .string(context.requestID)
        var response = try await next(request, context)
        response.headers[.requestID] = context.requestID
        return response
    }

    /// A proxy-provided id we can log safely: short, and only letters, digits, `-`, `_`, `.`, `:`, `=`.
    static func acceptable(_ id: String) -> String? {
        guard (8...128).contains(id.utf8.count),
              id.utf8.allSatisfy({ $0.isASCIIAlphanumeric || "-_.:=".utf8.contains($0) }) else { return nil }
        return id
    }

    /// 16 random bytes as 32 hex digits.
    static func newID() -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: RandomToken.bytes(16).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}

extension UInt8 {
    var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
