import Auth
import Hummingbird
import HTTPTypes

/// A cross-site request was refused.
struct CSRFRejected: Error {
    let reason: String
}

/// Every state-changing request (POST, PUT, PATCH, DELETE) must come from one of our own pages:
/// the browser says so (`Sec-Fetch-Site: same-origin`, or an `Origin` equal to ours), and it
/// carries the CSRF token (form field `_csrf` or header `X-CSRF-Token`) of this session.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebContext
    /// Origins our pages are served from (the public base URL's, and this server's own address).
    let allowedOrigins: Set<String>

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch, .delete].contains(request.method) else { return try await next(request, context) }
        var request = request
        if let site = request.headers[.secFetchSite] {
            guard site == "same-origin" else { throw CSRFRejected(reason: "Sec-Fetch-Site is \(site)") }
        } else if let origin = request.headers[.origin] {
            guard allowedOrigins.contains(origin.lowercased()) else { throw CSRFRejected(reason: "Origin \(origin) is not ours") }
        } else {
            throw CSRFRejected(reason: "no Origin or Sec-Fetch-Site header")
        }
        let offered: String?
        if let header = request.headers[.csrfToken] {
            offered = header
        } else if request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            offered = FormFields(String(buffer: body))["_csrf"]
        } else {
            offered = nil
        }
        guard let offered, !context.csrfToken.isEmpty, SecretText.equal(offered, context.csrfToken) else {
            throw CSRFRejected(reason: offered == nil ? "no CSRF token" : "wrong CSRF token")
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let secFetchSite = Self("Sec-Fetch-Site")!
    static let csrfToken = Self("X-CSRF-Token")!
}
