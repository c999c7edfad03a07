import NIOCore
import NIOPosix
import Synchronization

/// An async Redis client: a small pool of connections for ordinary commands, a fresh connection
/// for each blocking read, automatic reconnection after Redis restarts, and clear errors meanwhile.
///
/// Nothing here blocks an event loop: hiredis only formats commands and parses replies, on bytes
/// that NIO reads and writes.
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    let group: any EventLoopGroup
    private let state: Mutex<PoolState>

    private struct PoolState {
        var connections: [RedisConnection?]
        var next = 0
        /// The last failed connection attempt, to fail fast instead of hammering a Redis that is down.
        var lastFailure: (at: NIODeadline, error: RedisError)?
        var closed = false
    }

    public init(configuration: RedisConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = eventLoopGroup
        self.state = Mutex(PoolState(connections: Array(repeating: nil, count: max(1, configuration.poolSize))))
    }

    /// Sends one command; an error reply throws ``RedisError/server(_:)``.
    @discardableResult
    public func send(_ arguments: [String]) async throws -> RESPValue {
        let connection = try await pooledConnection()
        do {
            return try await connection.send(arguments)
        } catch let error as RedisError {
            if error.serverMessage == nil { discard(connection) } // a server error leaves the connection usable
            throw error
        }
    }

    /// Sends several commands in one round trip; returns every reply in order, error replies included.
    public func pipeline(_ commands: [[String]]) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        let connection = try await pooledConnection()
        do {
            return try await connection.pipeline(commands)
        } catch {
            discard(connection)
            throw error
        }
    }

    /// Runs a command that may block on the server (`XREADGROUP ... BLOCK`) on a connection of its own,
    /// so it never holds up the pool; `blockFor` extends the reply timeout.
    public func sendBlocking(_ arguments: [String], blockFor: TimeAmount) async throws -> RESPValue {
        var configuration = configuration
        configuration.commandTimeout = configuration.commandTimeout.map { $0 + blockFor }
        let connection = try await RedisConnection.connect(configuration, on: group)
        defer { connection.close() }
        return try await connection.send(arguments)
    }

    /// Closes every pooled connection; later calls fail.
    public func close() {
        let connections = state.withLock { state -> [RedisConnection?] in
            state.closed = true
            defer { state.connections = state.connections.map { _ in nil } }
            return state.connections
        }
        for connection in connections { connection?.close() }
    }

    private func pooledConnection() async throws -> RedisConnection {
        let (slot, existing, recentFailure) = try state.withLock { state throws -> (Int, RedisConnection?, RedisError?) in
            guard !state.closed else { throw RedisError.unavailable("the client is closed") }
            let slot = state.next
            state.next = (state.next + 1) % state.connections.count
            if let connection = state.connections[slot], connection.isActive { return (slot, connection, nil) }
            if let failure = state.lastFailure, NIODeadline.now() < failure.at + configuration.reconnectDelay {
                return (slot, nil, failure.error)
            }
            return (slot, nil, nil)
        }
        if let existing { return existing }
        if let recentFailure { throw recentFailure }
        do {
            let connection = try await RedisConnection.connect(configuration, on: group)
            let winner = state.withLock { state -> RedisConnection in
                state.lastFailure = nil
                if let other = state.connections[slot], other.isActive { return other }
                state.connections[slot] = connection
                return connection
            }
            if winner !== connection { connection.close() }
            return winner
        } catch {
            let failure = error as? RedisError ?? .unavailable("\(error)")
            state.withLock { $0.lastFailure = (NIODeadline.now(), failure) }
            throw failure
        }
    }

    private func discard(_ connection: RedisConnection) {
        state.withLock { state in
            for i in state.connections.indices where state.connections[i] === connection { state.connections[i] = nil }
        }
        connection.close()
    }
}

extension RedisError {
    var serverMessage: String? {
        if case .server(let message) = self { return message }
        return nil
    }
}
