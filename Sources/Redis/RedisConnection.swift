import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to Redis. Commands may be sent from any task; replies come back in order.
final class RedisConnection: Sendable {
    let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    var isActive: Bool { channel.isActive }

    /// Connects (and authenticates / selects the database when configured).
    static func connect(_ configuration: RedisConfiguration, on group: any EventLoopGroup) async throws -> RedisConnection {
        let timeout = configuration.commandTimeout
        let tls = try configuration.tls.map { try $0.context() }
        // SNI and the certificate's name: a host name, never an address literal.
        let serverName = configuration.host.contains(where: { $0.isLetter }) && !configuration.host.contains(":") ? configuration.host : nil
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(configuration.connectTimeout)
                .channelOption(.socketOption(.so_keepalive), value: 1)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(RedisReplyDecoder())
                        try channel.pipeline.syncOperations.addHandler(RedisRequestHandler(timeout: timeout))
                    }
                }
                .connect(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            throw RedisError.unavailable("cannot connect to \(configuration.host):\(configuration.port) (\(error))")
        }
        let connection = RedisConnection(channel: channel)
        do {
            if let password = configuration.password {
                var auth = ["AUTH"]
                if let user = configuration.username { auth.append(user) }
                auth.append(password)
                _ = try await connection.send(auth)
            }
            if configuration.database != 0 { _ = try await connection.send(["SELECT", String(configuration.database)]) }
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Sends one command and returns its reply; an error reply throws ``RedisError/server(_:)``.
    func send(_ arguments: [String]) async throws -> RESPValue {
        let replies = try await pipeline([arguments])
        return try replies[0].checked()
    }

    /// Sends several commands in one write and returns their replies in order (error replies included).
    func pipeline(_ commands: [[String]]) async throws -> [RESPValue] {
        var buffer = channel.allocator.buffer(capacity: 64 * commands.count)
        for command in commands { try RedisCommandEncoding.write(command.map { Array($0.utf8) }, into: &buffer) }
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        let written = channel.eventLoop.makePromise(of: Void.self)
        // A write that fails (closed connection) fails the request too; completing twice is a no-op.
        written.futureResult.whenFailure { error in promise.fail(error as? RedisError ?? .connectionClosed) }
        channel.writeAndFlush(RedisRequest(bytes: buffer, replyCount: commands.count, promise: promise), promise: written)
        return try await promise.futureResult.get()
    }

    func close() {
        channel.close(promise: nil)
    }
}
