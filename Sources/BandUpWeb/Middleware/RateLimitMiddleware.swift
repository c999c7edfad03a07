import Foundation
import Hummingbird
import Redis

/// A client made too many requests this minute.
struct RateLimited: Error {
    let retryAfterSeconds: Int
}

/// Counts each client's requests per minute in Redis (so the limit holds across instances) and
/// refuses with 429 beyond `perMinute`. When Redis is down the request fails with 503: pages that
/// need Redis cannot work without it anyway.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let backends: Backends
    /// Which limit this is (`pages`, later `sign-in`, …): part of the Redis key.
    let bucket: String
    let perMinute: Int

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        // Wall-clock minutes, so every instance counts in the same window.
        let seconds = Int(Date().timeIntervalSince1970)
        let window = seconds / 60
        let key = "ratelimit:\(bucket):\(context.clientAddress ?? "unknown"):\(window)"
        let replies = try await backends.cache { try await $0.pipeline([["INCR", key], ["EXPIRE", key, "120"]]) }
        guard case .integer(let count) = replies.first else { throw RedisError.unexpectedReply("INCR answered \(String(describing: replies.first))") }
        if count > perMinute {
            throw RateLimited(retryAfterSeconds: 60 - seconds % 60)
        }
        return try await next(request, context)
    }
}
