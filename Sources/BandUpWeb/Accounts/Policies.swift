import Auth
import Foundation
import Hummingbird

/// Who may use a group of routes: a signed-in account with at least `role`. Anonymous visitors
/// are sent to sign in and then back; a signed-in account without the role gets 403.
struct RequireRole: RouterMiddleware {
    typealias Context = WebContext
    let role: Role

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        guard let user = context.user else {
            let back = request.method == .get ? SafeRedirect.path(request.uri.description) : "/account"
            return .redirect(to: "/sign-in?next=" + SafeRedirect.percentEncoded(back), type: .normal)
        }
        guard user.role.includes(role) else {
            throw HTTPError(.forbidden, message: "Your account cannot open this page.")
        }
        return try await next(request, context)
    }
}

/// Where to send someone after signing in: only a path on this site, never another site.
enum SafeRedirect {
    static let fallback = "/account"

    /// `next` when it is a same-site relative path (`/account?tab=1`), else the fallback.
    static func path(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), next.utf8.count <= 2000,
              !next.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "\\" || $0.value == 0x7F }),
              !next.lowercased().hasPrefix("/%2f"), !next.lowercased().hasPrefix("/%5c")
        else { return fallback }
        return next
    }

    static func percentEncoded(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_.~"))) ?? fallback
    }
}
