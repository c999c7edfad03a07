import Auth
import Hummingbird
import NIOCore

/// What BandUp knows about one request beyond the request itself.
struct WebContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The TCP peer: the client, or the load balancer in front of it.
    let remoteAddress: SocketAddress?
    /// Sent back as `X-Request-Id` and logged with every line about this request.
    var requestID = ""
    /// The client's address after trusted proxies (``TrustedProxies``); nil in router tests.
    var clientAddress: String?
    /// Whether the learner's browser reached us over HTTPS (directly or through a trusted proxy).
    var isHTTPS = false
    /// The per-request Content-Security-Policy nonce that inline `<script>` tags carry.
    var cspNonce = ""
    /// The signed-in browser's session, if any (``SessionMiddleware``).
    var session: Session?
    /// The signed-in account, if any.
    var user: User?
    /// The token state-changing requests must send back: the session's, or an anonymous visitor's cookie.
    var csrfToken = ""

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Whether the TCP peer is this machine (the Prometheus scraper sidecar, an operator's curl).
    var isFromLoopback: Bool {
        switch remoteAddress {
        case .v4(let address): address.host.hasPrefix("127.")
        case .v6(let address): address.host == "::1" || address.host.hasPrefix("::ffff:127.")
        default: false
        }
    }
}
