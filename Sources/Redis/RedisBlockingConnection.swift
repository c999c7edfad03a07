import NIOCore
import Synchronization

/// A connection of its own for a loop of blocking reads (`XREAD BLOCK`, `XREADGROUP BLOCK`): kept
/// open from one read to the next, reopened after a failure, so a busy follower does not open a
/// connection per read. Its reply timeout allows for the longest block.
public final class RedisBlockingConnection: Sendable {
    private let configuration: RedisConfiguration
    private let group: any EventLoopGroup
    private let state = Mutex<(connection: RedisConnection?, closed: Bool)>((nil, false))

    init(configuration: RedisConfiguration, group: any EventLoopGroup, maximumBlock: Duration) {
        var configuration = configuration
        configuration.commandTimeout = configuration.commandTimeout.map { $0 + .milliseconds(maximumBlock.redisMilliseconds) }
        self.configuration = configuration
        self.group = group
    }

    /// Sends one command (which may block on the server up to the maximum given).
    @discardableResult
    public func send(_ arguments: [String]) async throws -> RESPValue {
        let connection = try await current()
        do {
            return try await connection.send(arguments)
        } catch let error as RedisError {
            if error.serverMessage == nil { drop(connection) }
            throw error
        }
    }

    /// `XREAD [COUNT n] BLOCK ms STREAMS s id`: entries after `id`, waiting up to `block`.
    public func streamRead(_ stream: String, after id: String, count: Int, block: Duration) async throws -> [StreamEntry] {
        try RedisClient.streamReply(try await send(["XREAD", "COUNT", String(count), "BLOCK", String(block.redisMilliseconds), "STREAMS", stream, id]))
    }

    /// `XREADGROUP GROUP g consumer COUNT n BLOCK ms STREAMS s >`: new entries for this consumer.
    public func streamReadGroup(_ stream: String, group: String, consumer: String, count: Int, block: Duration) async throws -> [StreamEntry] {
        try RedisClient.streamReply(try await send([
            "XREADGROUP", "GROUP", group, consumer, "COUNT", String(count), "BLOCK", String(block.redisMilliseconds), "STREAMS", stream, ">",
        ]))
    }

    /// Closes the connection; later calls fail.
    public func close() {
        let connection = state.withLock { state -> RedisConnection? in
            state.closed = true
            defer { state.connection = nil }
            return state.connection
        }
        connection?.close()
    }

    private func current() async throws -> RedisConnection {
        let existing = try state.withLock { state throws -> RedisConnection? in
            guard !state.closed else { throw RedisError.unavailable("the connection is closed") }
            return state.connection.flatMap { $0.isActive ? $0 : nil }
        }
        if let existing { return existing }
        let connection = try await RedisConnection.connect(configuration, on: group)
        let kept = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.connection = connection
            return true
        }
        if !kept {
            connection.close()
            throw RedisError.unavailable("the connection is closed")
        }
        return connection
    }

    private func drop(_ connection: RedisConnection) {
        state.withLock { state in if state.connection === connection { state.connection = nil } }
        connection.close()
    }
}

extension RedisClient {
    /// A connection of its own for a loop of blocking reads of at most `maximumBlock` each.
    public func blockingConnection(maximumBlock: Duration) -> RedisBlockingConnection {
        RedisBlockingConnection(configuration: configuration, group: group, maximumBlock: maximumBlock)
    }
}
