import Foundation
import Redis

#if canImport(Glibc)
import Glibc
#endif

/// A real `redis-server` on a free loopback port, started and stopped by a test.
public final class RedisServer: @unchecked Sendable {
    /// Its port: fixed once it has started, so a restart comes back where clients expect it.
    public private(set) var port: Int
    private var started = false
    private let directory: URL
    private var process: Spawned?
    /// Whether writes survive a restart (an append-only file synced on every write), as ElastiCache's do.
    public let persistent: Bool
    /// When set, the server speaks only TLS (with these certificates), as ElastiCache with encryption in transit does.
    public let tls: TestCertificates?
    /// When set, clients must AUTH with it (ElastiCache's AUTH token).
    public let password: String?

    public init(start: Bool = true, persistent: Bool = false, tls: TestCertificates? = nil, password: String? = nil) throws {
        port = LoopbackPort.free()
        self.persistent = persistent
        self.tls = tls
        self.password = password
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("redis-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if start { try self.start() }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    public var configuration: RedisConfiguration {
        // Generous timeouts: the whole suite shares two cores with browsers and stand-ins (a 2-second
        // command timeout once fired on a plain GET). Tests of the timeout set their own.
        RedisConfiguration(host: "127.0.0.1", port: port, connectTimeout: .seconds(5), commandTimeout: .seconds(15), reconnectDelay: .milliseconds(50))
    }

    /// `redis://` URL of this server, for `REDIS_URL`.
    public var url: String { "redis://127.0.0.1:\(port)" }

    public func start() throws {
        let candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]
        guard let executable = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw RedisError.unavailable("redis-server is not installed (scripts/test installs it with apt-get)")
        }
        // A first start that loses its port to another process (it exits at once) tries a fresh one.
        for attempt in 1...3 {
            // It logs to its file; it must not hold the test runner's output open should it outlive the run.
            process = try Spawned(executable, arguments(), environment: ProcessInfo.processInfo.environment)
            // Ready when it accepts connections; a loaded two-core run can take seconds to get there.
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, process?.isRunning == true {
                if LoopbackPort.accepts(port) { started = true; return }
                usleep(20_000)
            }
            let log = (try? String(contentsOf: directory.appendingPathComponent("redis.log"), encoding: .utf8)) ?? ""
            let exited = process?.isRunning == false
            stop()
            guard exited, !started, attempt < 3 else {
                throw RedisError.unavailable("redis-server did not start on port \(port): \(log.split(separator: "\n").suffix(3).joined(separator: " / "))")
            }
            port = LoopbackPort.free()
        }
        throw RedisError.unavailable("redis-server did not start")
    }

    private func arguments() -> [String] {
        var arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", persistent ? "yes" : "no", "--appendfsync", "always",
                         "--dir", directory.path, "--enable-debug-command", "yes", "--logfile", directory.appendingPathComponent("redis.log").path]
        if let tls {
            arguments += ["--port", "0", "--tls-port", String(port), "--tls-cert-file", tls.certificateFile, "--tls-key-file", tls.keyFile,
                          "--tls-ca-cert-file", tls.authorityFile, "--tls-auth-clients", "no"]
        }
        if let password { arguments += ["--requirepass", password] }
        return arguments
    }

    /// Kills the server (SIGKILL: like a crash; the child may not see SIGTERM under the test runner).
    public func stop() {
        guard let process, process.isRunning else { return }
        process.killAndWait()
        self.process = nil
    }
}
