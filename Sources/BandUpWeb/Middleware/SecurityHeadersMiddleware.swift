import Auth
import Foundation
import HTTPTypes
import Hummingbird

/// Security headers on every response: a Content-Security-Policy with a fresh nonce per request
/// (inline scripts must carry it), no sniffing, no framing, a strict referrer policy, and HSTS in
/// production.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let environment: AppEnvironment
    /// The CDN origin (scheme and host) allowed to serve scripts, styles, images, fonts and media.
    let cdnOrigin: String?

    init(environment: AppEnvironment, cdnBaseURL: String?) {
        self.environment = environment
        cdnOrigin = cdnBaseURL.map(Self.origin)
    }

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        context.cspNonce = Self.newNonce()
        var response = try await next(request, context)
        let headers = securityHeaders(nonce: context.cspNonce)
        for field in headers where response.headers[field.name] == nil {
            response.headers.append(field)
        }
        return response
    }

    func securityHeaders(nonce: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentSecurityPolicy] = contentSecurityPolicy(nonce: nonce)
        fields[.xContentTypeOptions] = "nosniff"
        fields[.referrerPolicy] = "strict-origin-when-cross-origin"
        fields[.xFrameOptions] = "DENY"
        fields[.permissionsPolicy] = "camera=(), geolocation=(), payment=(), microphone=(self)"
        fields[.crossOriginOpenerPolicy] = "same-origin"
        if environment.isProduction {
            fields[.strictTransportSecurity] = "max-age=63072000; includeSubDomains"
        }
        return fields
    }

    func contentSecurityPolicy(nonce: String) -> String {
        let cdn = cdnOrigin.map { " \($0)" } ?? ""
        var directives = [
            "default-src 'self'",
            "script-src 'self' 'nonce-\(nonce)'\(cdn)",
            "style-src 'self'\(cdn)",
            "img-src 'self' data:\(cdn)",
            "font-src 'self'\(cdn)",
            "media-src 'self' blob:\(cdn)",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
        if environment.isProduction { directives.append("upgrade-insecure-requests") }
        return directives.joined(separator: "; ")
    }

    /// 16 random bytes, base64: unguessable per response.
    static func newNonce() -> String {
        Data(RandomToken.bytes(16)).base64EncodedString()
    }

    /// `https://cdn.example/assets` → `https://cdn.example`.
    static func origin(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        return String(url[..<schemeEnd.upperBound]) + String(rest.prefix { $0 != "/" })
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let permissionsPolicy = Self("Permissions-Policy")!
    static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
