import Practice
import Auth
import AWSSigning
import Configuration
import Foundation
import HTTPTypes
import ObjectStorage
import Database
import Logging
import Redis
import SystemPackage

extension Settings {
    /// Reads the settings from the environment, then from the JSON file named by `BANDUP_CONFIG_FILE`
    /// (environment variables win), and validates them all.
    static func load(environment variables: [String: String]) async throws(SettingsProblems) -> Settings {
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider(environmentVariables: variables)]
        if let file = variables["BANDUP_CONFIG_FILE"], !file.isEmpty {
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(file)))
            } catch {
                throw SettingsProblems(problems: ["BANDUP_CONFIG_FILE: cannot read '\(file)' as a JSON object of settings (\(error))"])
            }
        }
        let reader = ConfigReader(providers: providers)
        return try Settings(lookup: { key in reader.text(forKey: key) })
    }

    /// Builds settings from a lookup of config keys (`databaseUrl` is `DATABASE_URL` in the
    /// environment), collecting every problem before throwing.
    init(lookup: (String) -> String?) throws(SettingsProblems) {
        var problems: [String] = []
        func value(_ key: String) -> String? {
            guard let text = lookup(key)?.trimmed, !text.isEmpty else { return nil }
            return text
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ name: String, default fallback: T) -> T where T.RawValue == String {
            guard let text = value(key) else { return fallback }
            if let parsed = T(rawValue: text.lowercased()) { return parsed }
            problems.append("\(name): '\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return fallback
        }
        func number(_ key: String, _ name: String, default fallback: Int, in range: ClosedRange<Int>) -> Int {
            guard let text = value(key) else { return fallback }
            if let parsed = Int(text), range.contains(parsed) { return parsed }
            problems.append("\(name): '\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            return fallback
        }

        let environment = choice("bandupEnv", "BANDUP_ENV", default: AppEnvironment.development)
        let production = environment.isProduction
        let host = value("host") ?? "127.0.0.1"
        let port = number("port", "PORT", default: 8080, in: 1...65535)

        var database = DatabaseConfiguration(host: "127.0.0.1", username: "bandup", password: nil, database: "bandup", requiresTLS: false)
        if let url = value("databaseUrl") {
            do { database = try DatabaseConfiguration(url: url) } catch { problems.append(Self.named("DATABASE_URL", error)) }
            if production, !database.requiresTLS { problems.append("DATABASE_URL: production needs TLS to PostgreSQL (remove sslmode=disable)") }
            // ECS injects the password from Secrets Manager on its own, so it never sits in a URL.
            if let password = lookup("databasePassword"), !password.isEmpty { database.password = password }
        } else {
            problems.append("DATABASE_URL is not set (postgres://user:password@host:port/database)")
        }

        var redis = RedisConfiguration()
        if let url = value("redisUrl") {
            do { redis = try RedisConfiguration(url: url) } catch { problems.append(Self.named("REDIS_URL", error)) }
            if let password = lookup("redisPassword"), !password.isEmpty { redis.password = password }
            if let file = value("redisCaFile") {
                if redis.tls == nil { problems.append("REDIS_CA_FILE: set for TLS only (REDIS_URL=rediss://…)") }
                redis.tls?.certificateAuthorityFile = file
            }
        } else if production {
            problems.append("REDIS_URL is not set (redis://[:password@]host:port)")
        }

        var publicBaseURL = "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)"
        if let url = value("publicBaseUrl") {
            if let problem = Self.urlProblem(url, httpsOnly: production) { problems.append("PUBLIC_BASE_URL: \(problem)") }
            publicBaseURL = url.trimmingSlashes
        } else if production {
            problems.append("PUBLIC_BASE_URL is not set (the https:// address learners use)")
        }
        var cdnBaseURL: String?
        if let url = value("cdnBaseUrl") {
            if let problem = Self.urlProblem(url, httpsOnly: production) { problems.append("CDN_BASE_URL: \(problem)") }
            cdnBaseURL = url.trimmingSlashes
        }

        var trustedProxies = TrustedProxies.none
        if let list = value("trustedProxies") {
            do { trustedProxies = try TrustedProxies(list) } catch { problems.append("TRUSTED_PROXIES: \(error)") }
        }
        if let header = value("clientAddressHeader") {
            trustedProxies.viewerAddressHeader = HTTPField.Name(header)
            if trustedProxies.viewerAddressHeader == nil { problems.append("CLIENT_ADDRESS_HEADER: '\(header)' is not a header name") }
            if trustedProxies.ranges.isEmpty { problems.append("CLIENT_ADDRESS_HEADER: believed only from TRUSTED_PROXIES, which is not set") }
        }

        let logLevel: Logger.Level
        if let text = value("logLevel") {
            if let level = Logger.Level(rawValue: text.lowercased()) {
                logLevel = level
            } else {
                problems.append("LOG_LEVEL: '\(text)' is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
                logLevel = .info
            }
        } else {
            logLevel = .info
        }
        let logFormat = choice("logFormat", "LOG_FORMAT", default: production ? LogFormat.json : .text)

        let metricsToken = value("metricsToken")
        if let metricsToken, metricsToken.utf8.count < 16 {
            problems.append("METRICS_TOKEN: use at least 16 characters (it guards /metrics from the internet)")
        }
        let grace = number("shutdownGraceSeconds", "SHUTDOWN_GRACE_SECONDS", default: 25, in: 1...600)
        let perMinute = number("pageRequestsPerMinute", "PAGE_REQUESTS_PER_MINUTE", default: 600, in: 1...1_000_000)
        let idleMinutes = number("sessionIdleMinutes", "SESSION_IDLE_MINUTES", default: 120, in: 5...43_200)
        let rememberedDays = number("sessionRememberedIdleDays", "SESSION_REMEMBERED_IDLE_DAYS", default: 30, in: 1...365)
        let absoluteDays = number("sessionAbsoluteDays", "SESSION_ABSOLUTE_DAYS", default: 30, in: 1...365)
        let readingSeconds = number("listeningReadingSeconds", "LISTENING_READING_SECONDS", default: 30, in: 0...120)
        let newCards = number("flashcardsNewPerDay", "FLASHCARDS_NEW_PER_DAY", default: 20, in: 0...1_000)
        let backendSeconds = number("backendTimeoutSeconds", "BACKEND_TIMEOUT_SECONDS", default: 3, in: 1...60)

        let assetsDirectory = value("assetsDirectory") ?? ".build-assets"
        let publicDirectory = value("publicDirectory") ?? "Public"
        var storage = StorageChoice.local(directory: value("storageDirectory") ?? ".data/uploads")
        let backend = value("storageBackend")?.lowercased() ?? (production ? "s3" : "local")
        switch backend {
        case "local":
            if production { problems.append("STORAGE_BACKEND: production keeps uploads in S3 (set STORAGE_BACKEND=s3 and MEDIA_BUCKET)") }
        case "s3":
            var endpoint: URL?
            if let text = value("s3Endpoint") {
                if let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil { endpoint = url } else {
                    problems.append("S3_ENDPOINT: '\(text)' is not an http(s) URL")
                }
            }
            let bucket = value("mediaBucket")
            if bucket == nil { problems.append("MEDIA_BUCKET is not set (the S3 bucket for uploads)") }
            let credentials = AWSCredentialSettings.load(value, neededFor: "for S3 storage", problems: &problems)
            if let bucket, let credentials {
                storage = .s3(S3Configuration(bucket: bucket, region: value("awsRegion") ?? "us-east-1", endpoint: endpoint, credentials: credentials))
            }
        default:
            problems.append("STORAGE_BACKEND: '\(backend)' is not one of local, s3")
        }

        let (feedback, feedbackProblems) = FeedbackSettings.load(value, number: { number($0, $1, default: $2, in: $3) })
        problems += feedbackProblems
        let (api, apiProblems) = APISettings.load(value, number: { number($0, $1, default: $2, in: $3) })
        problems += apiProblems
        let (mail, mailProblems) = MailSettings.load(value, number: { number($0, $1, default: $2, in: $3) }, production: production)
        problems += mailProblems
        let (google, googleProblems) = GoogleSettings.load(value, production: production)
        problems += googleProblems

        guard problems.isEmpty else { throw SettingsProblems(problems: problems) }
        self.init(environment: environment, host: host, port: port, database: database, redis: redis,
                  publicBaseURL: publicBaseURL, cdnBaseURL: cdnBaseURL, trustedProxies: trustedProxies,
                  logLevel: logLevel, logFormat: logFormat, metricsToken: metricsToken,
                  shutdownGrace: .seconds(grace), pageRequestsPerMinute: perMinute,
                  sessionLifetimes: SessionLifetimes(idle: .seconds(idleMinutes * 60), rememberedIdle: .seconds(rememberedDays * 86400),
                                                     absolute: .seconds(absoluteDays * 86400)),
                  publicDirectory: publicDirectory, assetsDirectory: assetsDirectory, storage: storage)
        self.feedback = feedback
        self.api = api
        self.mail = mail
        self.google = google
        self.listeningReadingSeconds = readingSeconds
        self.flashcardsNewPerDay = newCards
        self.backendTimeout = .seconds(backendSeconds)
    }

    /// A parsing error as a problem that starts with the setting's name, once.
    static func named(_ name: String, _ error: any Error) -> String {
        var why: String
        switch error {
        case DatabaseError.invalidConfiguration(let text): why = text
        case RedisError.invalidConfiguration(let text): why = text
        default: why = String(describing: error)
        }
        if why.hasPrefix(name) { why = String(why.dropFirst(name.count)).trimmed }
        return "\(name): \(why)"
    }

    /// Why `url` cannot be a base URL, or nil when it can.
    static func urlProblem(_ url: String, httpsOnly: Bool) -> String? {
        let schemes = httpsOnly ? ["https://"] : ["https://", "http://"]
        guard let scheme = schemes.first(where: { url.lowercased().hasPrefix($0) }) else {
            return "'\(url)' must start with \(schemes.joined(separator: " or "))\(httpsOnly ? " in production" : "")"
        }
        let rest = url.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" }
        if authority.isEmpty || authority.contains(where: { $0 == " " || $0 == "?" || $0 == "#" || $0 == "@" }) {
            return "'\(url)' has no usable host name"
        }
        if rest.contains("?") || rest.contains("#") { return "'\(url)' must not have a query or fragment" }
        return nil
    }
}

extension ConfigReader {
    /// A setting as text, whether the source holds it as a string, number or boolean (JSON files).
    func text(forKey key: String) -> String? {
        let configKey = ConfigKey(key)
        if let string = string(forKey: configKey, isSecret: true) { return string }
        if let int = int(forKey: configKey) { return String(int) }
        if let bool = bool(forKey: configKey) { return String(bool) }
        return nil
    }
}

extension String {
    var trimmingSlashes: String {
        var text = self
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
