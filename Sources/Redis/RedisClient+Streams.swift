import NIOCore

/// One entry of a Redis stream.
public struct StreamEntry: Sendable, Equatable {
    /// The entry id, e.g. `1700000000000-0`.
    public var id: String
    /// Field/value pairs in the order they were added.
    public var fields: [(String, String)]

    public init(id: String, fields: [(String, String)]) {
        self.id = id
        self.fields = fields
    }

    public subscript(field: String) -> String? { fields.first { $0.0 == field }?.1 }

    public static func == (a: StreamEntry, b: StreamEntry) -> Bool {
        a.id == b.id && a.fields.elementsEqual(b.fields) { $0 == $1 }
    }
}

/// Streams: XADD, XRANGE, consumer groups (XREADGROUP with BLOCK, XACK, XAUTOCLAIM).
extension RedisClient {
    /// `XADD stream [MAXLEN ~ n] * field value ...`: the new entry's id.
    @discardableResult
    public func streamAdd(_ stream: String, _ fields: [(String, String)], maxLength: Int? = nil) async throws -> String {
        var command = ["XADD", stream]
        if let maxLength { command += ["MAXLEN", "~", String(maxLength)] }
        command.append("*")
        command += fields.flatMap { [$0.0, $0.1] }
        guard let id = try await send(command).string else { throw RedisError.unexpectedReply("XADD returned no id") }
        return id
    }

    /// `XRANGE stream start end [COUNT n]`.
    public func streamRange(_ stream: String, from start: String = "-", to end: String = "+", count: Int? = nil) async throws -> [StreamEntry] {
        var command = ["XRANGE", stream, start, end]
        if let count { command += ["COUNT", String(count)] }
        return try Self.entries(try await send(command))
    }

    /// `XGROUP CREATE stream group id MKSTREAM`; an existing group is fine.
    public func streamCreateGroup(_ stream: String, group: String, startingAt id: String = "$") async throws {
        do {
            try await send(["XGROUP", "CREATE", stream, group, id, "MKSTREAM"])
        } catch RedisError.server(let message) where message.hasPrefix("BUSYGROUP") {
            return
        }
    }

    /// `XREADGROUP GROUP g consumer [COUNT n] [BLOCK ms] STREAMS s >`: new entries for this consumer,
    /// waiting up to `block` for some to arrive (on a connection of its own).
    public func streamReadGroup(_ stream: String, group: String, consumer: String, count: Int = 10,
                                block: Duration? = nil, id: String = ">") async throws -> [StreamEntry]
    {
        var command = ["XREADGROUP", "GROUP", group, consumer, "COUNT", String(count)]
        if let block { command += ["BLOCK", String(block.redisMilliseconds)] }
        command += ["STREAMS", stream, id]
        let reply: RESPValue
        if let block {
            reply = try await sendBlocking(command, blockFor: .milliseconds(block.redisMilliseconds))
        } else {
            reply = try await send(command)
        }
        return try Self.streamReply(reply)
    }

    /// `XREAD [COUNT n] [BLOCK ms] STREAMS s id`: entries after `id`.
    public func streamRead(_ stream: String, after id: String, count: Int = 10, block: Duration? = nil) async throws -> [StreamEntry] {
        var command = ["XREAD", "COUNT", String(count)]
        if let block { command += ["BLOCK", String(block.redisMilliseconds)] }
        command += ["STREAMS", stream, id]
        if let block {
            return try Self.streamReply(try await sendBlocking(command, blockFor: .milliseconds(block.redisMilliseconds)))
        }
        return try Self.streamReply(try await send(command))
    }

    /// `XACK stream group id...`: how many were acknowledged.
    @discardableResult
    public func streamAcknowledge(_ stream: String, group: String, ids: [String]) async throws -> Int {
        try await integer(["XACK", stream, group] + ids)
    }

    /// `XAUTOCLAIM stream group consumer min-idle start [COUNT n]`: entries idle for at least
    /// `minIdle` that this consumer now owns, and the id to continue from.
    public func streamAutoClaim(_ stream: String, group: String, consumer: String, minIdle: Duration,
                                start: String = "0-0", count: Int = 10) async throws -> (next: String, entries: [StreamEntry])
    {
        let reply = try await send(["XAUTOCLAIM", stream, group, consumer, String(minIdle.redisMilliseconds), start, "COUNT", String(count)])
        guard let parts = reply.array, parts.count >= 2, let next = parts[0].string else {
            throw RedisError.unexpectedReply("XAUTOCLAIM answered \(reply)")
        }
        return (next, try Self.entries(parts[1]))
    }

    // MARK: Replies

    /// `[[id, [f, v, ...]], ...]`
    static func entries(_ reply: RESPValue) throws -> [StreamEntry] {
        guard let items = reply.array else { throw RedisError.unexpectedReply("expected stream entries, got \(reply)") }
        return items.compactMap { item in
            // XAUTOCLAIM lists deleted entries as null.
            guard let pair = item.array, pair.count == 2, let id = pair[0].string, let flat = pair[1].array else { return nil }
            var fields: [(String, String)] = []
            for i in stride(from: 0, to: flat.count - 1, by: 2) {
                if let key = flat[i].string, let value = flat[i + 1].string { fields.append((key, value)) }
            }
            return StreamEntry(id: id, fields: fields)
        }
    }

    /// `[[stream, entries]]` from XREAD/XREADGROUP (null when the block timed out).
    static func streamReply(_ reply: RESPValue) throws -> [StreamEntry] {
        guard let streams = reply.array else { throw RedisError.unexpectedReply("expected streams, got \(reply)") }
        return try streams.flatMap { stream -> [StreamEntry] in
            guard let parts = stream.array, parts.count == 2 else { throw RedisError.unexpectedReply("expected [stream, entries], got \(stream)") }
            return try entries(parts[1])
        }
    }
}
