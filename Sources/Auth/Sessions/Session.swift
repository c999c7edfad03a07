import FoundationEssentials

/// A signed-in browser: what the session cookie stands for.
public struct Session: Sendable, Equatable {
    /// The secret in the cookie (256 random bits, base64url). Never stored: Redis keeps its SHA-256.
    public let id: String
    /// The SHA-256 of the id, hex: names the session in Redis and on the account page without being a credential.
    public let handle: String
    public let userID: Int64
    public let createdAt: Date
    public var lastSeenAt: Date
    /// "Keep me signed in": the longer idle timeout.
    public let remember: Bool
    /// The browser's User-Agent when the session began (shown as "Firefox on Linux").
    public let userAgent: String
    /// The token forms and fetches must send back (CSRF).
    public let csrfToken: String
    /// The sign-in passed two-step verification (or set it up): what publishing and managing users need.
    public var secondStep: Bool = false
}

/// How long sessions last.
public struct SessionLifetimes: Sendable, Equatable {
    /// Signed out after this long without a request.
    public var idle: Duration
    /// The idle timeout with "keep me signed in".
    public var rememberedIdle: Duration
    /// Signed out this long after signing in, however active.
    public var absolute: Duration
    /// Activity is recorded at most this often (one Redis write per session per interval).
    public var touchInterval: Duration

    public init(idle: Duration = .seconds(2 * 3600), rememberedIdle: Duration = .seconds(30 * 86400),
                absolute: Duration = .seconds(30 * 86400), touchInterval: Duration = .seconds(60)) {
        self.idle = idle
        self.rememberedIdle = rememberedIdle
        self.absolute = absolute
        self.touchInterval = touchInterval
    }
}
