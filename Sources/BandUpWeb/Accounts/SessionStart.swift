import Auth
import Hummingbird

/// How every way of signing in ends: a new session (never the old id: no fixation) and its
/// cookie, or, for an account with two-step verification, a sign-in waiting for its code.
struct SessionStart: Sendable {
    let sessions: SessionStore
    let pending: PendingSignIns
    let backends: Backends
    let cookies: SessionCookies
    let flash: FlashMessages

    /// `secondStep`: the sign-in passed two-step verification.
    func session(for user: User, remember: Bool, request: Request, context: WebContext, redirect: String,
                 welcome: String? = nil, secondStep: Bool = false) async throws -> Response {
        let sessions = sessions, agent = request.headers[.userAgent] ?? ""
        if let old = context.session {
            try await backends.cache { _ in try await sessions.end(handle: old.handle, userID: old.userID) }
        }
        let session = try await backends.cache { _ in try await sessions.create(userID: user.id, userAgent: agent, remember: remember, secondStep: secondStep) }
        var response = Response.redirect(to: redirect, type: .normal)
        response.setCookie(cookies.session(session.id, maxAge: remember ? Int(sessions.lifetimes.absolute.components.seconds) : nil))
        response.setCookie(cookies.clearing(cookies.csrf))
        if let welcome { response.setCookie(try await flash.store([FlashMessage(kind: .success, text: welcome)])) }
        return response
    }

    /// The password (or Google) was right; the code page comes next.
    func secondStep(for user: User, remember: Bool, next: String) async throws -> Response {
        let pending = pending
        let token = try await backends.cache { _ in try await pending.start(userID: user.id, remember: remember, next: next) }
        var response = Response.redirect(to: "/sign-in/code", type: .normal)
        response.setCookie(cookies.secondStep(token))
        return response
    }
}
