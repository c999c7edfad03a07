import Auth
import Hummingbird
import Foundation

/// "Firefox on Linux" from a User-Agent header, and "5 minutes ago" from a date: how the account
/// page names sessions.
enum DeviceName {
    static func describe(_ userAgent: String) -> String {
        let agent = userAgent.lowercased()
        let browser: String
        if agent.contains("edg/") { browser = "Edge" }
        else if agent.contains("opr/") || agent.contains("opera") { browser = "Opera" }
        else if agent.contains("firefox/") { browser = "Firefox" }
        else if agent.contains("chrome/") || agent.contains("chromium/") || agent.contains("crios/") { browser = "Chrome" }
        else if agent.contains("safari/") { browser = "Safari" }
        else if agent.contains("curl/") { browser = "curl" }
        else { browser = "A browser" }
        let system: String
        if agent.contains("iphone") || agent.contains("ipad") { system = "iOS" }
        else if agent.contains("android") { system = "Android" }
        else if agent.contains("windows") { system = "Windows" }
        else if agent.contains("mac os x") || agent.contains("macintosh") { system = "macOS" }
        else if agent.contains("cros") { system = "ChromeOS" }
        else if agent.contains("linux") { system = "Linux" }
        else { return browser }
        return "\(browser) on \(system)"
    }

    /// Approximate: "just now", "12 minutes ago", "3 hours ago", "2 days ago".
    static func ago(_ date: Date, now: Date = Date()) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<120: return "just now"
        case ..<3600: return "\(seconds / 60) minutes ago"
        case ..<7200: return "an hour ago"
        case ..<86400: return "\(seconds / 3600) hours ago"
        case ..<172_800: return "yesterday"
        default: return "\(seconds / 86400) days ago"
        }
    }
}

extension WebContext {
    /// The signed-in account; 401 if none (routes in a `RequireRole` group always have one).
    func signedInUser() throws -> User {
        guard let user else { throw HTTPError(.unauthorized) }
        return user
    }

    /// Where a request came from, as security events record it: the client's address and its device.
    func origin(of request: Request) -> (client: String, device: String) {
        (clientAddress ?? "", DeviceName.describe(request.headers[.userAgent] ?? ""))
    }
}
