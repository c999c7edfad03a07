import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport
import Testing

/// `bandup serve` as an operator runs it: a real process on real PostgreSQL and Redis, stopped
/// and started under it.
@Suite(.serialized) struct ServeProcessTests {
    struct Page { let status: Int; let body: String }

    static func get(_ port: Int, _ path: String) async -> Page? {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .GET
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(8))
            let body = try await response.body.collect(upTo: 1 << 20)
            return Page(status: Int(response.status.code), body: String(buffer: body))
        } catch {
            return nil
        }
    }

    /// Polls `path` until it answers `status` (at most `timeout`).
    static func waitFor(_ port: Int, _ path: String, status: Int, timeout: Duration = .seconds(20)) async -> Page? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let page = await get(port, path), page.status == status { return page }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Production's deadline for PostgreSQL and Redis calls: the outage tests expect its prompt 503.
    static let prompt = ["BACKEND_TIMEOUT_SECONDS": "3"]

    static func serve(database: String, postgres: PostgresServer, redis: RedisServer, environment: String = "development",
                      extra: [String: String] = [:]) throws -> (BandUpProcess, Int) {
        let port = LoopbackPort.free()
        let process = try BandUpProcess(["serve"], environment: [
            "BANDUP_ENV": environment, "PORT": String(port), "DATABASE_URL": postgres.url(database: database),
            "REDIS_URL": redis.url, "SHUTDOWN_GRACE_SECONDS": "10",
            // The whole suite shares two cores: bcrypt and queries can take seconds, which is not an outage.
            // The tests of outages ask for production's prompt 503 (`prompt`).
            "BACKEND_TIMEOUT_SECONDS": "20",
        ].merging(extra) { $1 })
        return (process, port)
    }

    /// `bandup serve` (development) on a fresh database with `Content/` imported, once it is ready.
    static func serveWithContent(redis: RedisServer, extra: [String: String] = [:]) async throws -> (BandUpProcess, Int) {
        let postgres = try PostgresServer.shared.get()
        let database = try await postgres.createDatabase()
        let (server, port) = try serve(database: database, postgres: postgres, redis: redis, extra: extra)
        #expect(await waitFor(port, "/readyz", status: 200) != nil, "\(server.output)")  // migrations applied
        let imported = try await BandUpProcess.runAside(["content", "import", "Content"], environment: ["DATABASE_URL": postgres.url(database: database)])
        #expect(imported.status == 0, "\(imported.output)")
        return (server, port)
    }

    @Test func badSettingsAreAllReportedAndNothingStarts() throws {
        let outcome = try BandUpProcess.run(["serve"], environment: ["PORT": "http", "LOG_FORMAT": "yaml", "BANDUP_ENV": "production"])
        #expect(outcome.status == 78)
        #expect(outcome.output.contains("BandUp cannot start: 9 settings need attention."), "\(outcome.output)")
        for name in ["PORT", "LOG_FORMAT", "DATABASE_URL", "REDIS_URL", "PUBLIC_BASE_URL", "MEDIA_BUCKET", "AWS credentials", "SMTP_URL", "MAIL_FROM"] {
            #expect(outcome.output.contains("  - \(name)"), "\(name) in \(outcome.output)")
        }
        // As ECS runs it: the task role's endpoint instead of keys, passwords on their own, TLS to both stores.
        let ecs = try BandUpProcess.run(["serve"], environment: [
            "BANDUP_ENV": "production", "PUBLIC_BASE_URL": "https://bandup.example", "MEDIA_BUCKET": "bandup-media",
            "DATABASE_URL": "postgres://bandup@db.internal:5432/bandup?sslmode=require&sslrootcert=/etc/ssl/certs/rds-global-bundle.pem",
            "DATABASE_PASSWORD": "from-secrets-manager", "REDIS_URL": "rediss://cache.internal:6379", "REDIS_PASSWORD": "auth-token",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/1", "PORT": "http",
            "SMTP_URL": "smtps://ses-user:ses-pass@email-smtp.eu-west-2.amazonaws.com", "MAIL_FROM": "BandUp <no-reply@bandup.example>",
        ])
        #expect(ecs.status == 78 && ecs.output.contains("BandUp cannot start: 1 setting needs attention.") && ecs.output.contains("  - PORT"),
                "only the broken PORT: \(ecs.output)")
    }

    @Test func redisStoppedMeansFriendly503ThenRecovery() async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer()
        let (server, port) = try Self.serve(database: try await postgres.createDatabase(), postgres: postgres, redis: redis, extra: Self.prompt)
        #expect(await Self.waitFor(port, "/readyz", status: 200) != nil, "\(server.output)")
        #expect(await Self.get(port, "/")?.status == 200)

        redis.stop()
        // An anonymous page may be counted in memory for up to a second (PageRateCounter); then 503.
        let page = await Self.waitFor(port, "/", status: 503, timeout: .seconds(5))
        #expect(page?.status == 503)
        #expect(page?.body.contains("<h1>BandUp is taking a short break</h1>") == true)
        #expect(await Self.get(port, "/readyz")?.status == 503)
        #expect(await Self.get(port, "/healthz")?.status == 200)

        try redis.start()
        #expect(await Self.waitFor(port, "/", status: 200) != nil)
        #expect(await Self.waitFor(port, "/readyz", status: 200) != nil)
        #expect(server.isRunning)
        server.terminate()
        #expect(try await server.waitForExit() == 0)
    }

    @Test func postgresStoppedMeansFriendly503ThenRecovery() async throws {
        let postgres = try PostgresServer()
        let redis = try RedisServer()
        let (server, port) = try Self.serve(database: "postgres", postgres: postgres, redis: redis, extra: Self.prompt)
        #expect(await Self.waitFor(port, "/readyz", status: 200) != nil, "\(server.output)")

        try postgres.stop()
        let started = ContinuousClock.now
        let page = await Self.get(port, "/")
        #expect(page?.status == 503)
        #expect(page?.body.contains("BandUp is taking a short break") == true)
        #expect(ContinuousClock.now - started < .seconds(6), "a stalled database answers promptly with 503")
        #expect(await Self.get(port, "/readyz")?.status == 503)

        try postgres.start()
        #expect(await Self.waitFor(port, "/", status: 200) != nil, "\(server.output)")
        #expect(await Self.waitFor(port, "/readyz", status: 200) != nil)
        server.terminate()
        #expect(try await server.waitForExit() == 0)
    }

    @Test func startsBeforePostgreSQLAndBecomesReadyWhenItComesUp() async throws {
        let postgres = try PostgresServer(start: false)
        let redis = try RedisServer()
        let (server, port) = try Self.serve(database: "postgres", postgres: postgres, redis: redis, extra: Self.prompt)
        let notReady = await Self.waitFor(port, "/readyz", status: 503)
        #expect(notReady?.body.contains("\"migrations\":\"not applied yet\"") == true, "\(server.output)")
        #expect(await Self.get(port, "/healthz")?.status == 200)

        try postgres.start()
        #expect(await Self.waitFor(port, "/readyz", status: 200, timeout: .seconds(30)) != nil, "\(server.output)")
        #expect(await Self.get(port, "/")?.body.contains("<h3>Speaking</h3>") == true)
        server.terminate()
        #expect(try await server.waitForExit() == 0)
    }

    @Test func sigtermLetsTheRequestInFlightFinishThenExitsZero() async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer()
        let (server, port) = try Self.serve(database: "postgres", postgres: postgres, redis: redis, environment: "test", extra: Self.prompt)
        #expect(await Self.waitFor(port, "/healthz", status: 200) != nil, "\(server.output)")

        async let slow = Self.get(port, "/_test/slow?ms=1500")
        try await Task.sleep(for: .milliseconds(300))
        server.terminate()
        let page = await slow
        #expect(page?.status == 200 && page?.body == "finished after 1500 ms\n", "\(server.output)")
        #expect(try await server.waitForExit() == 0, "\(server.output)")
        #expect(!LoopbackPort.accepts(port), "no longer listening")
    }

    @Test func logsCanBeJSONLines() async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer()
        let port = LoopbackPort.free()
        let server = try BandUpProcess(["serve"], environment: [
            "BANDUP_ENV": "test", "LOG_FORMAT": "json", "PORT": String(port),
            "DATABASE_URL": postgres.url(database: "postgres"), "REDIS_URL": redis.url,
        ])
        #expect(await Self.waitFor(port, "/healthz", status: 200) != nil)
        server.terminate()
        _ = try await server.waitForExit()
        let lines = server.output.split(separator: "\n")
        #expect(lines.contains { $0.contains("\"message\":\"GET /healthz 200\"") }, "\(server.output)")
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] is String && object?["message"] is String && object?["time"] is String, "\(line)")
        }
    }

    @Test func developmentRebuildsChangedAssetsWithoutARestart() async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dev-assets-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let publicCopy = scratch.appendingPathComponent("Public")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: BandUpProcess.repositoryRoot.appendingPathComponent("Public"), to: publicCopy)
        let port = LoopbackPort.free()
        let server = try BandUpProcess(["serve"], environment: [
            "BANDUP_ENV": "development", "PORT": String(port), "DATABASE_URL": postgres.url(database: try await postgres.createDatabase()),
            "REDIS_URL": redis.url, "PUBLIC_DIRECTORY": publicCopy.path, "ASSETS_DIRECTORY": scratch.appendingPathComponent("built").path,
        ])
        let before = try #require(await Self.waitFor(port, "/", status: 200), "\(server.output)")
        let stylesheet = /href="(\/assets\/css\/app-[0-9a-f]{12}\.css)"/
        let old = try #require(before.body.firstMatch(of: stylesheet)?.1)
        let css = publicCopy.appendingPathComponent("css/app.css")
        try (try String(contentsOf: css, encoding: .utf8) + "\n.rebuilt-marker { color: red; }\n").write(to: css, atomically: true, encoding: .utf8)
        var new: Substring?
        for _ in 0..<60 where new == nil || new == old {
            try await Task.sleep(for: .milliseconds(100))
            new = await Self.get(port, "/")?.body.firstMatch(of: stylesheet)?.1
        }
        let fresh = try #require(new)
        #expect(fresh != old, "the page links the rebuilt stylesheet")
        #expect(await Self.get(port, String(fresh))?.body.contains(".rebuilt-marker") == true)
        server.terminate()
        _ = try await server.waitForExit()
    }
}
