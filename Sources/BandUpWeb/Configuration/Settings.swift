import Auth
import Database
import Logging
import ObjectStorage
import Redis

/// Everything `bandup serve` needs to know, validated at start.
///
/// Read from environment variables (and an optional JSON file for local use) by
/// ``Settings/load(from:)``; every problem is reported at once as ``SettingsProblems``.
struct Settings: Sendable {
    var environment: AppEnvironment
    var host: String
    var port: Int
    var database: DatabaseConfiguration
    var redis: RedisConfiguration
    /// The address learners type, such as `https://bandup.example`; no trailing slash.
    var publicBaseURL: String
    /// Where fingerprinted assets are served from when a CDN is in front; no trailing slash.
    var cdnBaseURL: String?
    var trustedProxies: TrustedProxies
    var logLevel: Logger.Level
    var logFormat: LogFormat
    /// When set, `/metrics` also answers remote scrapers that send `Authorization: Bearer <token>`.
    var metricsToken: String?
    /// How long in-flight requests may take to finish after SIGTERM.
    var shutdownGrace: Duration
    /// Requests per minute one client may make to pages (Redis-counted, shared by all instances).
    var pageRequestsPerMinute: Int
    /// How long sessions last (idle, remembered idle, absolute).
    var sessionLifetimes = SessionLifetimes()
    /// How long one page's call may wait for PostgreSQL or Redis before the learner gets a 503
    /// (tests on a loaded machine raise it; the fault tests keep the default).
    var backendTimeout: Duration = .seconds(3)
    /// bcrypt's work factor (tests lower it; production keeps 12).
    var bcryptCost: UInt8 = 12
    var templatesDirectory = "Templates"
    var publicDirectory = "Public"
    /// Where `bandup assets build` writes fingerprinted files and `manifest.json`.
    var assetsDirectory = ".build-assets"
    /// Where uploads (editors' media, learners' recordings) are kept.
    var storage: StorageChoice = .local(directory: ".data/uploads")
    var migrationsDirectory = "Migrations"
    /// Writing and Speaking feedback: providers, workers, limits.
    var feedback = FeedbackSettings()
    /// The JSON API: its contract, rate limits and CORS origins.
    var api = APISettings()
    /// Mail: the SMTP server, the sender, the outbox's tries.
    var mail = MailSettings()
    /// Sign in with Google; nil hides it.
    var google: GoogleSettings?
    /// An exam-mode Listening test's pause before each part, for reading its questions.
    var listeningReadingSeconds = 30
    /// New flashcards a learner starts a day (reviews of cards already started are not limited).
    var flashcardsNewPerDay = 20
}

/// Where uploaded files go: a local directory (development) or an S3 bucket.
enum StorageChoice: Sendable {
    case local(directory: String)
    case s3(S3Configuration)
}

/// How log lines look: text for people, JSON lines for CloudWatch and other collectors.
enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json
}

/// Every setting that could not be used, so an operator fixes them all in one go.
struct SettingsProblems: Error, CustomStringConvertible {
    var problems: [String]

    var description: String {
        let count = problems.count == 1 ? "1 setting needs" : "\(problems.count) settings need"
        return "BandUp cannot start: \(count) attention.\n"
            + problems.map { "  - \($0)\n" }.joined()
            + "Settings come from environment variables (or BANDUP_CONFIG_FILE); README.md lists them all."
    }
}
