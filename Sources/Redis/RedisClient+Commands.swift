import NIOCore

/// Strings, counters, expiry and hashes.
extension RedisClient {
    /// `PING`: true when Redis answers.
    public func ping() async throws -> Bool {
        try await send(["PING"]).string == "PONG"
    }

    public func get(_ key: String) async throws -> String? {
        try await send(["GET", key]).string
    }

    /// `SET key value [PX ms]`.
    public func set(_ key: String, to value: String, expiresIn expiry: Duration? = nil) async throws {
        var command = ["SET", key, value]
        if let expiry { command += ["PX", String(expiry.redisMilliseconds)] }
        try await send(command)
    }

    /// `DEL keys...`: how many existed.
    @discardableResult
    public func delete(_ keys: String...) async throws -> Int {
        try await integer(["DEL"] + keys)
    }

    /// `INCR key`: the new value.
    @discardableResult
    public func increment(_ key: String, by amount: Int = 1) async throws -> Int {
        try await integer(amount == 1 ? ["INCR", key] : ["INCRBY", key, String(amount)])
    }

    /// `PEXPIRE key ms`: whether the key exists.
    @discardableResult
    public func expire(_ key: String, in expiry: Duration) async throws -> Bool {
        try await integer(["PEXPIRE", key, String(expiry.redisMilliseconds)]) == 1
    }

    /// `PTTL key`: time to live; nil when the key does not exist or has no expiry.
    public func timeToLive(_ key: String) async throws -> Duration? {
        let ms = try await integer(["PTTL", key])
        return ms >= 0 ? .milliseconds(ms) : nil
    }

    /// `HSET key field value ...`: how many fields were added.
    @discardableResult
    public func hashSet(_ key: String, _ fields: [(String, String)]) async throws -> Int {
        try await integer(["HSET", key] + fields.flatMap { [$0.0, $0.1] })
    }

    public func hashGet(_ key: String, field: String) async throws -> String? {
        try await send(["HGET", key, field]).string
    }

    /// `HGETALL key`: every field (empty when the key does not exist).
    public func hashGetAll(_ key: String) async throws -> [String: String] {
        try Self.pairs(try await send(["HGETALL", key]))
    }

    @discardableResult
    public func hashDelete(_ key: String, fields: String...) async throws -> Int {
        try await integer(["HDEL", key] + fields)
    }

    // MARK: Helpers

    func integer(_ command: [String]) async throws -> Int {
        let reply = try await send(command)
        guard case .integer(let value) = reply else { throw RedisError.unexpectedReply("\(command[0]) answered \(reply)") }
        return value
    }

    /// A flat `[k1, v1, k2, v2]` reply as a dictionary.
    /// An HGETALL reply as a dictionary.
    public static func pairs(_ reply: RESPValue) throws -> [String: String] {
        guard let items = reply.array, items.count % 2 == 0 else { throw RedisError.unexpectedReply("expected field/value pairs, got \(reply)") }
        var result: [String: String] = [:]
        for i in stride(from: 0, to: items.count, by: 2) {
            guard let key = items[i].string, let value = items[i + 1].string else { continue }
            result[key] = value
        }
        return result
    }
}
