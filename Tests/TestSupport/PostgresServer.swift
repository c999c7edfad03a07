import Database
import Foundation
import Logging
import PostgresNIO
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for the tests (initdb in a temporary directory, trust auth,
/// loopback only). `shared` is started once per test process and gives each test a database of
/// its own; fault tests make their own cluster to stop and start.
public final class PostgresServer: Sendable {
    public static let shared: Result<PostgresServer, any Error> = Result { try PostgresServer() }

    public let port: Int
    /// The loopback address it listens on (127.0.0.1 unless a test wants two servers on one port).
    public let address: String
    public let directory: String
    private let bin: String

    /// Whether the server offers TLS (ssl=on, with the test certificates), as RDS does.
    public let offersTLS: Bool

    /// Creates a cluster on a free port and, unless `start` is false, starts it.
    public init(start: Bool = true, tls: TestCertificates? = nil, address: String = "127.0.0.1", port: Int? = nil) throws {
        bin = try Self.binDirectory()
        directory = "/tmp/bandup-pg-\(UUID().uuidString.prefix(8))"
        self.port = port ?? LoopbackPort.free()
        self.address = address
        offersTLS = tls != nil
        try Self.run("/usr/bin/install", ["-d", "-o", "postgres", "-g", "postgres", directory])
        try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(bin)/initdb", "-D", directory, "-U", "postgres",
                                           "--auth=trust", "-E", "UTF8"], quiet: true)
        if let tls {
            // PostgreSQL wants its key owned by itself and private.
            try Self.run("/usr/bin/install", ["-o", "postgres", "-g", "postgres", "-m", "600", tls.keyFile, "\(directory)/server.key"])
            try Self.run("/usr/bin/install", ["-o", "postgres", "-g", "postgres", "-m", "644", tls.certificateFile, "\(directory)/server.crt"])
        }
        Self.clusters.withLock { clusters in
            if clusters.isEmpty { atexit { PostgresServer.stopAllAtExit() } }
            clusters.append((bin, directory))
        }
        if start { try self.start() }
    }

    /// Starts the cluster and waits until it accepts connections.
    public func start() throws {
        do {
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(bin)/pg_ctl", "-D", directory, "-l", "\(directory)/server.log",
                                               "-o", "-p \(port) -k \(directory) -c listen_addresses=\(address) -c fsync=off -c max_connections=600"
                                                   + (offersTLS ? " -c ssl=on" : ""), "-w", "start"], quiet: true)
        } catch {
            throw DatabaseError.invalidConfiguration("PostgreSQL did not start on port \(port); see \(directory)/server.log")
        }
    }

    /// Stops the cluster at once (`immediate`: like a crash of the database server).
    public func stop() throws {
        try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(bin)/pg_ctl", "-D", directory, "-m", "immediate", "stop"], quiet: true)
    }

    /// `postgres://` URL of a database on this cluster, for `DATABASE_URL`.
    public func url(database: String) -> String { "postgres://postgres@\(address):\(port)/\(database)?sslmode=disable" }

    /// Creates a database and returns its name.
    public func createDatabase() async throws -> String {
        let name = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try await withClient(database: "postgres") { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        return name
    }

    /// A fresh database for one test, dropped afterwards; `body` gets a running client on it.
    public func withDatabase<R: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> R) async throws -> R {
        let name = try await createDatabase()
        defer {
            Task { try? await self.withClient(database: "postgres") { try await $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")) } }
        }
        return try await withClient(database: name, body)
    }

    public func configuration(database: String) -> DatabaseConfiguration {
        DatabaseConfiguration(host: address, port: port, username: "postgres", password: nil, database: database, requiresTLS: false)
    }

    public func withClient<R: Sendable>(database: String, _ body: @escaping @Sendable (PostgresClient) async throws -> R) async throws -> R {
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
    private static let clusters = Mutex<[(bin: String, directory: String)]>([])

    private static func stopAllAtExit() {
        for (bin, directory) in clusters.withLock({ $0 }) {
            try? run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(bin)/pg_ctl", "-D", directory, "-m", "immediate", "stop"], quiet: true)
            try? FileManager.default.removeItem(atPath: directory)
        }
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
