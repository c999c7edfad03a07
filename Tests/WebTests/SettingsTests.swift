import AWSSigning
import Foundation
import Redis
import Testing
@testable import BandUpWeb

@Suite struct SettingsTests {
    static let minimal = ["databaseUrl": "postgres://bandup@127.0.0.1/bandup?sslmode=disable"]

    static func settings(_ values: [String: String]) throws(SettingsProblems) -> Settings {
        try Settings(lookup: { values[$0] })
    }

    static func problems(_ values: [String: String]) -> [String] {
        do {
            _ = try settings(values)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func developmentDefaults() throws {
        let settings = try Self.settings(Self.minimal)
        #expect(settings.environment == .development)
        #expect(settings.host == "127.0.0.1" && settings.port == 8080)
        #expect(settings.redis.host == "127.0.0.1" && settings.redis.port == 6379)
        #expect(settings.publicBaseURL == "http://127.0.0.1:8080")
        #expect(settings.logFormat == .text && settings.logLevel == .info)
        #expect(settings.trustedProxies == .none && settings.metricsToken == nil)
        #expect(settings.shutdownGrace == .seconds(25))
    }

    @Test func productionDefaultsToJSONLogsAndNeedsMore() {
        let problems = Self.problems(["bandupEnv": "production", "databaseUrl": "postgres://bandup:pw@db.internal/bandup"])
        #expect(problems.contains { $0.hasPrefix("REDIS_URL is not set") })
        #expect(problems.contains { $0.hasPrefix("PUBLIC_BASE_URL is not set") })
        #expect(problems.contains { $0.hasPrefix("SMTP_URL is not set") } && problems.contains { $0.hasPrefix("MAIL_FROM is not set") })
        let settings = try? Self.settings(["bandupEnv": "production", "databaseUrl": "postgres://bandup:pw@db.internal/bandup",
                                           "redisUrl": "redis://:secret@cache.internal:6379", "publicBaseUrl": "https://bandup.example/",
                                           "mediaBucket": "bandup-media", "awsAccessKeyId": "AKID", "awsSecretAccessKey": "secret", "awsRegion": "eu-west-2",
                                           "smtpUrl": "smtps://ses-user:ses%2Fpass@email-smtp.eu-west-2.amazonaws.com",
                                           "mailFrom": "BandUp <no-reply@bandup.example>"])
        #expect(settings?.logFormat == .json)
        #expect(settings?.mail.smtp?.security == .implicitTLS && settings?.mail.smtp?.password == "ses/pass")
        #expect(settings?.mail.sender.address == "no-reply@bandup.example" && settings?.mail.sender.name == "BandUp")
        #expect(settings?.publicBaseURL == "https://bandup.example")
        guard case .s3(let media)? = settings?.storage else { Issue.record("production stores uploads in S3"); return }
        #expect(media.bucket == "bandup-media" && media.region == "eu-west-2" && media.endpoint == nil)
    }

    /// Each bad value and the words its problem must contain.
    static let badValues: [([String: String], String)] = [
        (["bandupEnv": "staging"], "BANDUP_ENV: 'staging' is not one of development, test, production"),
        (["port": "eighty"], "PORT: 'eighty' is not a whole number from 1 to 65535"),
        (["port": "0"], "PORT: '0'"),
        (["port": "70000"], "PORT: '70000'"),
        (["databaseUrl": "mysql://x"], "DATABASE_URL: must start with postgres:// (got another scheme)"),
        (["redisUrl": "http://cache"], "REDIS_URL: must start with redis:// or rediss:// (got another scheme)"),
        (["redisUrl": "redis://cache:99999"], "REDIS_URL:"),
        (["publicBaseUrl": "bandup.example"], "PUBLIC_BASE_URL: 'bandup.example' must start with https:// or http://"),
        (["publicBaseUrl": "https://"], "PUBLIC_BASE_URL: 'https://' has no usable host name"),
        (["publicBaseUrl": "https://bandup.example/?a=1"], "must not have a query or fragment"),
        (["cdnBaseUrl": "ftp://cdn"], "CDN_BASE_URL:"),
        (["trustedProxies": "10.0.0.0/33"], "TRUSTED_PROXIES: '10.0.0.0/33' has a prefix length outside 0-32"),
        (["trustedProxies": "alb.internal"], "TRUSTED_PROXIES: 'alb.internal' is not an IP address or CIDR range"),
        (["logLevel": "loud"], "LOG_LEVEL: 'loud' is not one of trace, debug, info, notice, warning, error, critical"),
        (["logFormat": "xml"], "LOG_FORMAT: 'xml' is not one of text, json"),
        (["metricsToken": "short"], "METRICS_TOKEN: use at least 16 characters"),
        (["shutdownGraceSeconds": "-1"], "SHUTDOWN_GRACE_SECONDS: '-1'"),
        (["pageRequestsPerMinute": "lots"], "PAGE_REQUESTS_PER_MINUTE: 'lots'"),
        (["storageBackend": "ftp"], "STORAGE_BACKEND: 'ftp' is not one of local, s3"),
        (["storageBackend": "s3", "awsAccessKeyId": "a", "awsSecretAccessKey": "b"], "MEDIA_BUCKET is not set"),
        (["storageBackend": "s3", "mediaBucket": "m"], "AWS credentials are needed for S3 storage: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a task role"),
        (["storageBackend": "s3", "mediaBucket": "m", "awsContainerCredentialsFullUri": "http://10.1.2.3/creds"],
         "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to loopback or ECS's address (got http://10.1.2.3)"),
        (["storageBackend": "s3", "mediaBucket": "m", "awsContainerCredentialsRelativeUri": "v2/credentials"], "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must start with /"),
        (["redisUrl": "redis://cache", "redisCaFile": "/etc/ca.pem"], "REDIS_CA_FILE: set for TLS only"),
        (["clientAddressHeader": "CloudFront-Viewer-Address"], "CLIENT_ADDRESS_HEADER: believed only from TRUSTED_PROXIES, which is not set"),
        (["trustedProxies": "10.0.0.0/16", "clientAddressHeader": "Viewer Address"], "CLIENT_ADDRESS_HEADER: 'Viewer Address' is not a header name"),
        (["databaseUrl": "postgres://u@db/bandup?sslrootcert=rds.pem"], "sslrootcert must be an absolute path to a PEM file"),
        (["storageBackend": "s3", "mediaBucket": "m", "awsAccessKeyId": "a", "awsSecretAccessKey": "b", "s3Endpoint": "localhost:5000"], "S3_ENDPOINT: 'localhost:5000' is not an http(s) URL"),
        (["feedbackProviders": "offline,chatgpt"], "FEEDBACK_PROVIDERS: 'chatgpt' is not one of offline, gemini, bedrock"),
        (["feedbackProviders": "gemini"], "GEMINI_API_KEY is not set, but FEEDBACK_PROVIDERS names gemini"),
        (["feedbackProviders": "bedrock"], "AWS credentials are needed because FEEDBACK_PROVIDERS names bedrock"),
        (["feedbackProviders": "gemini", "geminiApiKey": "k", "geminiBaseUrl": "nowhere"], "GEMINI_BASE_URL: 'nowhere' is not an http(s) URL"),
        (["feedbackWorkers": "100"], "FEEDBACK_WORKERS: '100'"),
        (["feedbackDailyLimit": "many"], "FEEDBACK_DAILY_LIMIT: 'many'"),
        (["feedbackRedisPrefix": "a b"], "FEEDBACK_REDIS_PREFIX: use letters, digits"),
    ]

    @Test func feedbackDefaultsToTheOfflineAnalyserAndReadsTheProviders() throws {
        let plain = try Self.settings(Self.minimal).feedback
        #expect(plain.providers == [.offline] && plain.gemini == nil && plain.bedrock == nil)
        #expect(plain.workers == 2 && plain.queueLimit == 200 && plain.dailyPaidLimit == 20 && plain.maxDeliveries == 3)
        #expect(plain.claimAfter == .seconds(60) && plain.heartbeat == .seconds(15))
        let paid = try Self.settings(Self.minimal.merging([
            "feedbackProviders": " Gemini, bedrock ,offline", "geminiApiKey": "key", "geminiModel": "gemini-2.5-pro",
            "awsAccessKeyId": "AKID", "awsSecretAccessKey": "secret", "awsRegion": "eu-west-2", "bedrockModelId": "amazon.nova-lite-v1:0",
            "feedbackWorkers": "0", "feedbackDailyLimit": "5",
        ]) { $1 }).feedback
        #expect(paid.providers == [.gemini, .bedrock, .offline])
        #expect(paid.gemini?.apiKey == "key" && paid.gemini?.model == "gemini-2.5-pro")
        #expect(paid.bedrock?.region == "eu-west-2" && paid.bedrock?.modelID == "amazon.nova-lite-v1:0")
        #expect(paid.workers == 0 && paid.dailyPaidLimit == 5)
    }

    @Test(arguments: badValues) func badValueIsNamed(_ values: [String: String], _ expected: String) {
        let problems = Self.problems(Self.minimal.merging(values) { _, new in new })
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.contains(expected) == true, "\(problems)")
    }

    @Test func googleSignInNeedsBothItsSettingsAndAnHTTPSIssuerInProduction() throws {
        #expect(try Self.settings(Self.minimal).google == nil, "no button without settings")
        let google = try #require(try Self.settings(Self.minimal.merging(["googleClientId": "1-a.apps.googleusercontent.com", "googleClientSecret": "s"]) { $1 }).google)
        #expect(google.clientID == "1-a.apps.googleusercontent.com" && google.issuer == "https://accounts.google.com")
        #expect(Self.problems(Self.minimal.merging(["googleClientId": "1-a.apps.googleusercontent.com"]) { $1 })
            == ["GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET go together: set both for Google sign-in, or neither"])
        #expect(try Self.settings(Self.minimal.merging(["googleClientId": "x", "googleClientSecret": "s", "googleIssuer": "http://127.0.0.1:9/"]) { $1 })
            .google?.issuer == "http://127.0.0.1:9", "a stand-in outside production")
        let production = ["bandupEnv": "production", "googleClientId": "x", "googleClientSecret": "s", "googleIssuer": "http://accounts.example"]
        #expect(Self.problems(production).contains("GOOGLE_ISSUER: 'http://accounts.example' is not an https:// address"))
    }

    @Test func theBackendDeadlineIsThreeSecondsUnlessSet() throws {
        #expect(try Self.settings(Self.minimal).backendTimeout == .seconds(3))
        #expect(try Self.settings(Self.minimal.merging(["backendTimeoutSeconds": "20"]) { $1 }).backendTimeout == .seconds(20))
        #expect(!Self.problems(Self.minimal.merging(["backendTimeoutSeconds": "0"]) { $1 }).isEmpty)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let problems = Self.problems(["port": "x", "logFormat": "xml", "trustedProxies": "nope", "bandupEnv": "production"])
        // port, DATABASE_URL, REDIS_URL, PUBLIC_BASE_URL, proxies, log format, MEDIA_BUCKET, AWS keys, SMTP_URL, MAIL_FROM
        #expect(problems.count == 10, "\(problems)")
        let report = SettingsProblems(problems: problems).description
        #expect(report.hasPrefix("BandUp cannot start: 10 settings need attention."))
        #expect(report.contains("README.md"))
    }

    @Test func productionRefusesPlaintextConnections() {
        let problems = Self.problems(["bandupEnv": "production", "databaseUrl": "postgres://u@db/bandup?sslmode=disable",
                                      "redisUrl": "redis://cache", "publicBaseUrl": "http://bandup.example"])
        #expect(problems.contains { $0.contains("production needs TLS to PostgreSQL") })
        #expect(problems.contains { $0.contains("must start with https:// in production") })
    }

    /// As the ECS task definitions in deploy/app.yaml set them: passwords from Secrets Manager on
    /// their own, TLS to both stores, the task role's credentials endpoint instead of keys.
    @Test func settingsAsECSInjectsThem() throws {
        let settings = try Self.settings([
            "bandupEnv": "production", "publicBaseUrl": "https://bandup.example",
            "databaseUrl": "postgres://bandup@db.abc.eu-west-2.rds.amazonaws.com:5432/bandup?sslmode=require&sslrootcert=/etc/ssl/certs/rds-global-bundle.pem",
            "databasePassword": "p@ss:/word%41 ", "redisUrl": "rediss://master.cache.abc.euw2.cache.amazonaws.com:6379", "redisPassword": "t0ken@:/",
            "storageBackend": "s3", "mediaBucket": "bandup-media", "awsRegion": "eu-west-2",
            "awsContainerCredentialsRelativeUri": "/v2/credentials/3f1c", "feedbackProviders": "bedrock,offline",
            "smtpUrl": "smtp://AKIASES:ses-secret@email-smtp.eu-west-2.amazonaws.com:587", "mailFrom": "BandUp <no-reply@bandup.example>",
        ])
        #expect(settings.mail.smtp?.security == .startTLS && settings.mail.smtp?.port == 587)
        #expect(settings.database.password == "p@ss:/word%41 ", "taken as it is, not URL-decoded or trimmed")
        #expect(settings.database.requiresTLS && settings.database.certificateAuthorityFile == "/etc/ssl/certs/rds-global-bundle.pem")
        #expect(settings.redis.password == "t0ken@:/" && settings.redis.tls == RedisTLS())
        #expect(settings.redis.host == "master.cache.abc.euw2.cache.amazonaws.com" && settings.redis.port == 6379)
        guard case .s3(let s3) = settings.storage else { Issue.record("S3 storage expected"); return }
        #expect(s3.credentials is RefreshingCredentials, "the task role, renewed before it expires")
        #expect(settings.feedback.bedrock?.credentials is RefreshingCredentials)
        // Keys in the environment win over the endpoint (a developer's shell).
        let keys = try Self.settings(Self.minimal.merging(["storageBackend": "s3", "mediaBucket": "m", "awsAccessKeyId": "AKID",
                                                           "awsSecretAccessKey": "s", "awsContainerCredentialsRelativeUri": "/v2/x"]) { $1 })
        guard case .s3(let fixed) = keys.storage else { Issue.record("S3 storage expected"); return }
        #expect(fixed.credentials as? AWSCredentials == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s"))
    }

    @Test func whitespaceAroundValuesIsIgnoredAndBlankMeansUnset() throws {
        let settings = try Self.settings(Self.minimal.merging(["port": " 9090 ", "cdnBaseUrl": "  "]) { _, new in new })
        #expect(settings.port == 9090 && settings.cdnBaseURL == nil)
    }

    @Test func aConfigFileFillsInAndTheEnvironmentWins() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bandup-settings-\(UUID().uuidString).json")
        try #"{"port": 9191, "logFormat": "json", "databaseUrl": "postgres://file@127.0.0.1/file?sslmode=disable", "trustedProxies": "10.0.0.0/8"}"#
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let settings = try await Settings.load(environment: ["BANDUP_CONFIG_FILE": file.path, "DATABASE_URL": "postgres://env@127.0.0.1/env?sslmode=disable"])
        #expect(settings.port == 9191 && settings.logFormat == .json)
        #expect(settings.database.username == "env" && settings.database.database == "env")
        #expect(settings.trustedProxies.trusts("10.1.2.3"))
    }

    @Test func anUnreadableConfigFileIsAProblem() async {
        await #expect(throws: SettingsProblems.self) {
            try await Settings.load(environment: ["BANDUP_CONFIG_FILE": "/nonexistent/bandup.json"])
        }
    }
}
