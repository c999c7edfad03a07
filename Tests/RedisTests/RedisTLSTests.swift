import Foundation
import NIOCore
import Redis
import TestSupport
import Testing

/// TLS and AUTH as ElastiCache has them with encryption in transit: `rediss://` with a password,
/// the server's certificate verified (against the authority given, or the system's roots).
@Suite struct RedisTLSTests {
    @Test func rediss() async throws {
        let certificates = try TestCertificates()
        let server = try RedisServer(tls: certificates, password: "an-auth-token-from-secrets-manager")
        var configuration = try RedisConfiguration(url: "rediss://:an-auth-token-from-secrets-manager@localhost:\(server.port)")
        #expect(configuration.tls == RedisTLS())
        configuration.connectTimeout = .seconds(5)
        configuration.tls?.certificateAuthorityFile = certificates.authorityFile

        let redis = RedisClient(configuration: configuration)
        defer { redis.close() }
        #expect(try await redis.ping())
        try await redis.set("greeting", to: "over TLS")
        #expect(try await redis.get("greeting") == "over TLS")

        // The blocking reads (queue, event streams) use connections of their own: TLS there too.
        let reader = redis.blockingConnection(maximumBlock: .seconds(2))
        defer { reader.close() }
        _ = try await redis.send(["XADD", "events", "*", "kind", "token"])
        let entries = try await reader.streamRead("events", after: "0", count: 10, block: .milliseconds(500))
        #expect(entries.count == 1)

        // The same server, not trusting its authority: the handshake fails and nothing is sent in clear.
        var untrusted = configuration
        untrusted.tls?.certificateAuthorityFile = nil
        let stranger = RedisClient(configuration: untrusted)
        defer { stranger.close() }
        await #expect(throws: (any Error).self) { try await stranger.ping() }

        // Plain TCP to the TLS port gets no answer it can read.
        var plain = configuration
        plain.tls = nil
        plain.commandTimeout = .milliseconds(500)
        let clear = RedisClient(configuration: plain)
        defer { clear.close() }
        await #expect(throws: (any Error).self) { try await clear.ping() }

        // A wrong AUTH token is the server's refusal, said plainly.
        var wrong = configuration
        wrong.password = "not-the-token"
        let intruder = RedisClient(configuration: wrong)
        defer { intruder.close() }
        let refusal = await #expect(throws: RedisError.self) { try await intruder.ping() }
        #expect("\(String(describing: refusal))".contains("WRONGPASS"), "\(String(describing: refusal))")
    }

    @Test func anUnreadableAuthorityFileIsAConfigurationError() async throws {
        let certificates = try TestCertificates()
        let server = try RedisServer(tls: certificates)
        var configuration = try RedisConfiguration(url: "rediss://localhost:\(server.port)")
        configuration.tls?.certificateAuthorityFile = "/nonexistent/ca.pem"
        let redis = RedisClient(configuration: configuration)
        defer { redis.close() }
        let error = await #expect(throws: RedisError.self) { try await redis.ping() }
        #expect("\(String(describing: error))".contains("/nonexistent/ca.pem"))
    }
}
