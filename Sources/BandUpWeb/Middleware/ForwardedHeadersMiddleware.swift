import HTTPTypes
import Hummingbird

/// Sets the client's address and scheme, believing `X-Forwarded-For`/`-Proto` (and the viewer
/// address header CloudFront adds) only from ``TrustedProxies`` (the ALB in production).
struct ForwardedHeadersMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let trustedProxies: TrustedProxies

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        let peer = context.remoteAddress?.ipAddress
        let viewer = trustedProxies.viewerAddressHeader.flatMap { request.headers[$0] }
        let resolved = trustedProxies.resolve(peer: peer, forwardedFor: request.headers[values: .xForwardedFor].joined(separator: ","),
                                              forwardedProto: request.headers[values: .xForwardedProto].joined(separator: ","), viewerAddress: viewer)
        context.clientAddress = resolved.client
        context.isHTTPS = resolved.isHTTPS ?? (request.uri.scheme == .https)
        return try await next(request, context)
    }
}
