import Auth
import Hummingbird

/// The names and attributes of BandUp's cookies: `HttpOnly`, `SameSite=Lax`, `Path=/`, and in
/// production `Secure` with the `__Host-` prefix (which browsers accept only from HTTPS, for this
/// host, on `/`).
struct SessionCookies: Sendable {
    let secure: Bool

    var session: String { secure ? "__Host-bandup_session" : "bandup_session" }
    var csrf: String { secure ? "__Host-bandup_csrf" : "bandup_csrf" }
    /// A Google sign-in's `state`, and a link to an existing account waiting for its password (ten minutes).
    var googleState: String { secure ? "__Host-bandup_google" : "bandup_google" }
    var googleLink: String { secure ? "__Host-bandup_google_link" : "bandup_google_link" }
    /// A sign-in waiting for its two-step code (five minutes).
    var secondStep: String { secure ? "__Host-bandup_2fa" : "bandup_2fa" }

    /// A cookie for the session id; `maxAge` nil makes it last until the browser closes.
    func session(_ id: String, maxAge: Int?) -> Cookie {
        cookie(session, id, maxAge: maxAge)
    }

    func csrf(_ token: String) -> Cookie { cookie(csrf, token, maxAge: nil) }

    func secondStep(_ token: String) -> Cookie { cookie(secondStep, token, maxAge: Int(PendingSignIns.lifetime.components.seconds)) }

    func clearing(_ name: String) -> Cookie { cookie(name, "", maxAge: 0) }

    private func cookie(_ name: String, _ value: String, maxAge: Int?) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
