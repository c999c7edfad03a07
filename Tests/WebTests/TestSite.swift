import AssetPipeline
import Auth
import Database
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import TestSupport
@testable import BandUpWeb

/// A BandUp server in the test process on a fresh, migrated database of the shared PostgreSQL
/// cluster and its own redis-server.
enum TestSite {
    static let root = BandUpProcess.repositoryRoot.path

    /// Public/ built once for the test process (production settings load it; others rebuild, unchanged).
    static let assetsDirectory: String = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bandup-assets-\(UUID().uuidString)").path
        _ = try? AssetBuilder(source: root + "/Public", output: directory).build()
        return directory
    }()

    static func settings(databaseURL: String, redisURL: String, environment: AppEnvironment = .test) throws -> Settings {
        var settings = try Settings(lookup: ["databaseUrl": databaseURL, "redisUrl": redisURL].settingsLookup)
        settings.environment = environment
        settings.templatesDirectory = root + "/Templates"
        settings.publicDirectory = root + "/Public"
        settings.migrationsDirectory = root + "/Migrations"
        settings.api.contractFile = root + "/openapi.yaml"
        settings.bcryptCost = 4  // production keeps 12 (PasswordTests checks the default)
        settings.assetsDirectory = assetsDirectory
        // The whole suite (a browser included) shares two cores: a slow answer is not an outage here.
        settings.backendTimeout = .seconds(20)
        return settings
    }

    /// Runs `body` against a server whose settings `adjust` may change; `.router` calls the router
    /// directly (no TCP peer), `.live` goes through a real socket on loopback.
    static func withServer(_ setup: TestingSetup = .router, clock: WallClock = .system, persistentRedis: Bool = false, adjust: (inout Settings) -> Void = { _ in },
                           _ body: @escaping @Sendable (any TestClientProtocol, BandUpServer, RedisServer) async throws -> Void) async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer(persistent: persistentRedis)
        let database = try await postgres.createDatabase()
        try await postgres.withClient(database: database) { client in
            _ = try await MigrationRunner(client: client, logger: quietLogger).migrate(try Migration.load(from: root + "/Migrations"))
        }
        var settings = try settings(databaseURL: postgres.url(database: database), redisURL: redis.url)
        adjust(&settings)
        var configured = try BandUpServer(settings: settings, logger: quietLogger)
        configured.clock = clock
        let server = configured
        try await (try server.application()).test(setup) { client in
            try await body(client, server, redis)
        }
    }

    /// The confirmation link of the newest mail to `email` in the outbox (a server with no mail
    /// server keeps it there), as a path.
    /// The secret ``turnOnTwoFactor(_:email:)`` gives staff accounts in tests.
    static let twoFactorSecret = Array("bandup test second step".utf8.prefix(20))

    /// Two-step verification on for the account at `email`, as if set up in each of its open
    /// sessions (so staff signed in there may publish and manage users); returns the app's codes.
    @discardableResult
    static func turnOnTwoFactor(_ server: BandUpServer, email: String) async throws -> TOTP {
        let rows = try await server.backends.postgres.query("""
            INSERT INTO two_factor (user_id, secret, confirmed_at) SELECT id, \(ByteBuffer(bytes: twoFactorSecret)), now() FROM users WHERE email = \(email)
            ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, confirmed_at = now()
            RETURNING user_id
            """)
        let sessions = SessionStore(redis: server.backends.redis)
        for try await id in rows.decode(Int64.self) {
            for session in try await sessions.sessions(userID: id) { try await sessions.markSecondStep(handle: session.handle, userID: id) }
        }
        return TOTP(secret: twoFactorSecret)
    }

    static func confirmationPath(_ server: BandUpServer, _ email: String) async throws -> String {
        let rows = try await server.backends.postgres.query("""
            SELECT text_body FROM mail_outbox WHERE recipient = \(email) AND kind = 'verify-email' ORDER BY id DESC LIMIT 1
            """)
        for try await text in rows.decode(String.self) {
            if let path = text.firstMatch(of: /\/email\/confirm\?token=[A-Za-z0-9_-]+/) { return String(path.0) }
        }
        throw CancellationError()
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "bandup.test")
        logger.logLevel = .warning
        return logger
    }
}

extension Dictionary where Key == String, Value == String {
    /// The dictionary as a settings lookup.
    var settingsLookup: (String) -> String? { { self[$0] } }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
