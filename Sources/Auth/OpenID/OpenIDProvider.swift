import Crypto
import FoundationEssentials

/// An OpenID Connect provider (Google, or a stand-in in tests): its discovery document, its
/// signing keys (cached, fetched again when a token names a key not seen yet, at most once a
/// minute), the authorization address for a sign-in, and the code exchange that yields a verified
/// ID token. HTTP is the caller's (`send`), so this stays free of any client library.
public actor OpenIDProvider {
    /// One HTTP exchange: method, URL, headers, body → status and body.
    public typealias Send = @Sendable (_ method: String, _ url: String, _ headers: [(String, String)], _ body: [UInt8]?) async throws -> (status: Int, body: [UInt8])

    public struct Client: Sendable {
        public let id: String
        public let secret: String
        /// Where the provider sends the browser back (`…/auth/google/callback`).
        public let redirectURI: String

        public init(id: String, secret: String, redirectURI: String) {
            self.id = id
            self.secret = secret
            self.redirectURI = redirectURI
        }
    }

    struct Discovery: Decodable {
        let issuer: String
        let authorization_endpoint: String
        let token_endpoint: String
        let jwks_uri: String
    }

    public let issuer: String
    public let client: Client
    let send: Send
    let now: @Sendable () -> Date
    var discovery: (document: Discovery, fetched: Date)?
    var keys: (set: JSONWebKeySet, fetched: Date)?
    static let keysLifetime: Double = 3600, refetchAfter: Double = 60

    public init(issuer: String, client: Client, send: @escaping Send, now: @escaping @Sendable () -> Date = { Date() }) {
        self.issuer = issuer
        self.client = client
        self.send = send
        self.now = now
    }

    /// What one sign-in must remember between the redirect and the callback (kept server-side).
    public struct Attempt: Sendable, Equatable, Codable {
        public let state: String
        public let nonce: String
        /// PKCE (RFC 7636): the secret whose SHA-256 went out as the challenge.
        public let verifier: String
    }

    public static func newAttempt() -> Attempt {
        Attempt(state: randomToken(), nonce: randomToken(), verifier: randomToken() + randomToken())
    }

    /// The provider's address to send the browser to.
    public func authorizationURL(for attempt: Attempt, loginHint: String? = nil) async throws -> String {
        let endpoint = try await document().authorization_endpoint
        let challenge = Base64URL.encode(SHA256.hash(data: Array(attempt.verifier.utf8)))
        var query = [("response_type", "code"), ("client_id", client.id), ("redirect_uri", client.redirectURI), ("scope", "openid email profile"),
                     ("state", attempt.state), ("nonce", attempt.nonce), ("code_challenge", challenge), ("code_challenge_method", "S256"),
                     ("prompt", "select_account")]
        if let loginHint { query.append(("login_hint", loginHint)) }
        return endpoint + (endpoint.contains("?") ? "&" : "?") + Self.form(query)
    }

    /// Exchanges the callback's code for an ID token and checks it: the claims of a genuine sign-in.
    public func claims(code: String, attempt: Attempt) async throws -> IDToken.Claims {
        let endpoint = try await document().token_endpoint
        let body = Self.form([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", client.redirectURI),
                              ("client_id", client.id), ("client_secret", client.secret), ("code_verifier", attempt.verifier)])
        let (status, reply) = try await send("POST", endpoint, [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
                                             Array(body.utf8))
        struct TokenReply: Decodable { let id_token: String?; let error: String?; let error_description: String? }
        let decoded = try? JSONDecoder().decode(TokenReply.self, from: Data(reply))
        guard status == 200, let compact = decoded?.id_token else {
            throw OpenIDError.tokenEndpoint(status: status, error: decoded?.error ?? "no ID token", description: decoded?.error_description)
        }
        let token = try IDToken(compact)
        var set = try await signingKeys()
        if !set.contains(id: token.keyID), let fetched = keys?.fetched, now().timeIntervalSince(fetched) > Self.refetchAfter {
            set = try await signingKeys(refresh: true)  // the provider rotated its keys
        }
        return try token.verified(keys: set, issuer: issuer, audience: client.id, nonce: attempt.nonce, now: now())
    }

    func document() async throws -> Discovery {
        if let discovery, now().timeIntervalSince(discovery.fetched) < Self.keysLifetime { return discovery.document }
        let url = issuer + "/.well-known/openid-configuration"
        let (status, body) = try await send("GET", url, [("Accept", "application/json")], nil)
        guard status == 200, let document = try? JSONDecoder().decode(Discovery.self, from: Data(body)) else {
            throw OpenIDError.discovery("\(url) answered \(status)")
        }
        guard document.issuer == issuer else { throw OpenIDError.discovery("the document names issuer '\(document.issuer)', not '\(issuer)'") }
        discovery = (document, now())
        return document
    }

    func signingKeys(refresh: Bool = false) async throws -> JSONWebKeySet {
        if !refresh, let keys, now().timeIntervalSince(keys.fetched) < Self.keysLifetime { return keys.set }
        let url = try await document().jwks_uri
        let (status, body) = try await send("GET", url, [("Accept", "application/json")], nil)
        guard status == 200 else { throw OpenIDError.discovery("\(url) answered \(status)") }
        let set = try JSONWebKeySet(json: body)
        keys = (set, now())
        return set
    }

    static func randomToken() -> String {
        RandomToken.make()
    }

    static func form(_ pairs: [(String, String)]) -> String {
        let allowed: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))
        func encode(_ text: String) -> String {
            text.utf8.map { allowed.contains($0) ? String(UnicodeScalar($0)) : "%" + String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined()
        }
        return pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }
}

/// Why a sign-in with the provider failed before any token was checked.
public enum OpenIDError: Error, Sendable, Equatable {
    case discovery(String)
    case tokenEndpoint(status: Int, error: String, description: String?)
}
