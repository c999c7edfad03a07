import Auth
import Hummingbird
import Redis

/// Counts the client's page requests (``PageRateLimit``), finds the signed-in user from the session
/// cookie (sessions live in Redis; both in one Redis round trip) and gives anonymous visitors a
/// CSRF token cookie.
///
/// Unlike HummingbirdAuth's `SessionMiddleware`, which treats a storage error as "no session",
/// a Redis outage here is a 503: a learner is never silently signed out because Redis blinked.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let sessions: SessionStore
    let users: UserStore
    let backends: Backends
    let cookies: SessionCookies
    let limit: PageRateLimit

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        var clearSession = false
        let id = request.cookies[cookies.session]?.value ?? ""
        let (counting, window, second) = try limit.count(client: context.clientAddress, withSession: !id.isEmpty)
        var session: Session?
        if !id.isEmpty || !counting.isEmpty {
            let store = sessions
            let replies: [RESPValue]
            do {
                (session, replies) = try await backends.cache { _ in try await store.session(id: id, alongside: counting) }
            } catch {
                limit.failed(counting, client: context.clientAddress, window: window)
                throw error
            }
            if !counting.isEmpty { try limit.check(replies, client: context.clientAddress, window: window, second: second) }
        }
        if let session {
            let users = users
            if let user = try await backends.database({ _ in try await users.find(id: session.userID) }) {
                context.session = session
                context.user = user
                context.csrfToken = session.csrfToken
                context.logger[metadataKey: "user_id"] = "\(user.id)"
            } else {
                clearSession = true
            }
        } else if !id.isEmpty {
            clearSession = true
        }
        var newAnonymousToken: String?
        if context.session == nil {
            if let token = request.cookies[cookies.csrf]?.value, token.utf8.count == 43 {
                context.csrfToken = token
            } else {
                newAnonymousToken = SessionStore.randomToken()
                context.csrfToken = newAnonymousToken!
            }
        }
        var response = try await next(request, context)
        if clearSession, !response.headers[values: .setCookie].contains(where: { $0.hasPrefix(cookies.session + "=") }) {
            response.setCookie(cookies.clearing(cookies.session))
        }
        if let newAnonymousToken, !response.headers[values: .setCookie].contains(where: { $0.hasPrefix(cookies.csrf + "=") }) {
            response.setCookie(cookies.csrf(newAnonymousToken))
        }
        return response
    }
}
