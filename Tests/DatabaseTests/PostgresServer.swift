import Database
import Foundation
import Logging
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for the tests (initdb in a temporary directory, trust auth,
/// loopback only), started once per test process; each test gets a database of its own.
final class PostgresServer: Sendable {
    static let shared: Result<PostgresServer, any Error> = Result { try PostgresServer() }

    let port: Int
    let directory: String

    private init() throws {
        let bin = try Self.binDirectory()
        directory = "/tmp/bandup-pg-\(UUID().uuidString.prefix(8))"
        try Self.run("/usr/bin/install", ["-d", "-o", "postgres", "-g", "postgres", directory])
        try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(bin)/initdb", "-D", directory, "-U", "postgres",
                                           "--auth=trust", "-E", "UTF8"], quiet: true)
        // A random port may be taken: try a few.
        var started = false
        var port = Int.random(in: 20_000...40_000)
        for _ in 0..<5 where !started {
            started = (try? Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(bin)/pg_ctl", "-D", directory, "-l", "\(directory)/server.log",
                                                           "-o", "-p \(port) -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off", "-w", "start"], quiet: true)) != nil
            if !started { port = Int.random(in: 20_000...40_000) }
        }
        guard started else { throw DatabaseError.invalidConfiguration("PostgreSQL did not start; see \(directory)/server.log") }
        self.port = port
        Self.stopDirectory = (bin, directory)
        atexit { PostgresServer.stopAtExit() }
    }

    /// A fresh database for one test, dropped afterwards; `body` gets a running client on it.
    func withDatabase<R: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> R) async throws -> R {
        let name = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try await withClient(database: "postgres") { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        defer {
            Task { try? await self.withClient(database: "postgres") { try await $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")) } }
        }
        return try await withClient(database: name, body)
    }

    func configuration(database: String) -> DatabaseConfiguration {
        DatabaseConfiguration(host: "127.0.0.1", port: port, username: "postgres", password: nil, database: database, requiresTLS: false)
    }

    func withClient<R: Sendable>(database: String, _ body: @escaping @Sendable (PostgresClient) async throws -> R) async throws -> R {
        let client = PostgresClient(configuration: configuration(database: database).clientConfiguration)
        return try await withThrowingTaskGroup(of: R?.self) { group in
            group.addTask { await client.run(); return nil }
            group.addTask { try await body(client) }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
    }

    // MARK: Process helpers

    /// What `atexit` stops (a C callback cannot capture).
    nonisolated(unsafe) private static var stopDirectory: (String, String)?

    private static func stopAtExit() {
        guard let (bin, directory) = stopDirectory else { return }
        try? run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(bin)/pg_ctl", "-D", directory, "-m", "immediate", "stop"], quiet: true)
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func binDirectory() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root))?.compactMap(Int.init).sorted() ?? []
        guard let version = versions.last else {
            throw DatabaseError.invalidConfiguration("PostgreSQL is not installed (scripts/test installs it with apt-get)")
        }
        return "\(root)/\(version)/bin"
    }

    /// Runs a command to completion with posix_spawn/waitpid (Foundation's Process can miss the exit
    /// of a command that leaves a daemon behind, as pg_ctl does).
    private static func run(_ executable: String, _ arguments: [String], quiet: Bool = false) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if quiet {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw DatabaseError.invalidConfiguration("cannot run \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let exitCode = (status >> 8) & 0xFF
        guard status & 0x7F == 0, exitCode == 0 else {
            throw DatabaseError.invalidConfiguration("\(executable) \(arguments.joined(separator: " ")) failed with status \(exitCode)")
        }
    }
}
