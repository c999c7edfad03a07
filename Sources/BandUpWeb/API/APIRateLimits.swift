import Foundation
import HTTPTypes
import Redis

/// The API's rate limits, counted per minute in Redis (so they hold across instances): one for
/// the address a request comes from, whatever it sends, and one per token. Both are counted in
/// one round trip and reported as the IETF RateLimit-Policy and RateLimit fields.
struct APIRateLimits: Sendable {
    let backends: Backends
    let perToken: Int
    let perAddress: Int

    /// One request's count in the current window.
    struct Count: Sendable {
        var address: (limit: Int, used: Int)
        var token: (limit: Int, used: Int)?
        /// Seconds until the window resets.
        var reset: Int

        var isOver: Bool { address.used > address.limit || token.map { $0.used > $0.limit } ?? false }

        /// `RateLimit-Policy: "token";q=120;w=60, "address";q=600;w=60` and `RateLimit: "token";r=57;t=13, …`.
        var headers: HTTPFields {
            var policies: [String] = [], states: [String] = []
            if let token {
                policies.append("\"token\";q=\(token.limit);w=60")
                states.append("\"token\";r=\(max(0, token.limit - token.used));t=\(reset)")
            }
            policies.append("\"address\";q=\(address.limit);w=60")
            states.append("\"address\";r=\(max(0, address.limit - address.used));t=\(reset)")
            var fields = HTTPFields()
            fields[HTTPField.Name("RateLimit-Policy")!] = policies.joined(separator: ", ")
            fields[HTTPField.Name("RateLimit")!] = states.joined(separator: ", ")
            if isOver { fields[.retryAfter] = String(reset) }
            return fields
        }
    }

    /// Counts this request against the address and (when it has one) the token.
    func count(address: String, tokenID: Int64?) async throws -> Count {
        let seconds = Int(Date().timeIntervalSince1970)
        let window = seconds / 60, reset = 60 - seconds % 60
        var names = ["api:rate:address:\(address):\(window)"]
        if let tokenID { names.append("api:rate:token:\(tokenID):\(window)") }
        let keys = names
        let replies = try await backends.cache { redis in
            try await redis.pipeline(keys.flatMap { [["INCR", $0], ["EXPIRE", $0, "120"]] })
        }
        func used(_ index: Int) throws -> Int {
            guard case .integer(let count) = replies[index * 2] else { throw RedisError.unexpectedReply("INCR answered \(replies[index * 2])") }
            return count
        }
        return Count(address: (perAddress, try used(0)), token: tokenID == nil ? nil : (perToken, try used(1)), reset: reset)
    }
}
