import Database
import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

/// TLS to PostgreSQL as BandUp uses it against RDS: `sslmode=require` with `sslrootcert=` naming
/// the authority the server's certificate must chain to; the certificate's name is checked too.
@Suite struct DatabaseTLSTests {
    @Test func verifiedTLSWithTheGivenAuthority() async throws {
        let certificates = try TestCertificates()
        let server = try PostgresServer(tls: certificates)
        defer { try? server.stop() }

        let trusted = try DatabaseConfiguration(
            url: "postgres://postgres@localhost:\(server.port)/postgres?sslmode=require&sslrootcert=\(certificates.authorityFile)")
        #expect(trusted.requiresTLS && trusted.certificateAuthorityFile == certificates.authorityFile)
        // The whole suite shares two cores: a handshake that must succeed gets time to.
        let encrypted = try await Self.query(trusted, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", within: .seconds(30))
        #expect(encrypted == "true", "the session is encrypted")

        // The system's roots do not know the test authority: refused, not downgraded.
        let untrusted = try DatabaseConfiguration(url: "postgres://postgres@localhost:\(server.port)/postgres?sslmode=require")
        await #expect(throws: (any Error).self) { _ = try await Self.query(untrusted, "SELECT 1") }

        // A missing authority file is an error too, never a silent fallback to no verification.
        let missing = try DatabaseConfiguration(url: "postgres://postgres@localhost:\(server.port)/postgres?sslmode=require&sslrootcert=/nonexistent/rds.pem")
        await #expect(throws: (any Error).self) { _ = try await Self.query(missing, "SELECT 1") }
    }

    /// One value from one query on a fresh client, with a deadline (a refused handshake fails each connection attempt; the pool would retry forever).
    static func query(_ configuration: DatabaseConfiguration, _ sql: String, within deadline: Duration = .seconds(5)) async throws -> String {
        let client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: Logger(label: "tls-test"))
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { await client.run(); return nil }
            group.addTask {
                try await withThrowingTaskGroup(of: String.self) { inner in
                    inner.addTask {
                        var value = ""
                        for try await row in try await client.query(PostgresQuery(unsafeSQL: sql)) {
                            let cell = row.makeRandomAccess()[0]
                            value = (try? cell.decode(Bool.self)).map(String.init) ?? (try? cell.decode(String.self)) ?? (try? cell.decode(Int.self)).map(String.init) ?? "?"
                        }
                        return value
                    }
                    inner.addTask {
                        try await Task.sleep(for: deadline)
                        throw CancellationError()
                    }
                    defer { inner.cancelAll() }
                    return try await inner.next()!
                }
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let value = next { return value }
            }
            throw CancellationError()
        }
    }
}
