import AsyncHTTPClient
import Auth
import Foundation
import NIOHTTP1

/// Sign in with Google: `GOOGLE_CLIENT_ID` and `GOOGLE_CLIENT_SECRET` (both, or neither: without
/// them the button is hidden), and `GOOGLE_ISSUER` (Google's `https://accounts.google.com`; tests
/// point it at a stand-in provider).
struct GoogleSettings: Sendable {
    var clientID: String
    var clientSecret: String
    var issuer: String

    static func load(_ value: (String) -> String?, production: Bool) -> (GoogleSettings?, [String]) {
        let id = value("googleClientId"), secret = value("googleClientSecret")
        let issuer = (value("googleIssuer") ?? "https://accounts.google.com").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        switch (id, secret) {
        case (nil, nil):
            return (nil, [])
        case (.some(let id), .some(let secret)):
            guard let url = URL(string: issuer), url.scheme == "https" || (!production && url.scheme == "http"), url.host != nil else {
                return (nil, ["GOOGLE_ISSUER: '\(issuer)' is not an https:// address"])
            }
            return (GoogleSettings(clientID: id, clientSecret: secret, issuer: issuer), [])
        default:
            return (nil, ["GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET go together: set both for Google sign-in, or neither"])
        }
    }
}

extension GoogleSettings {
    /// The provider for these settings, speaking HTTP through AsyncHTTPClient (10 s per exchange,
    /// at most 256 KB of answer).
    func provider(publicBaseURL: String, http: HTTPClient = .shared) -> OpenIDProvider {
        let client = OpenIDProvider.Client(id: clientID, secret: clientSecret, redirectURI: publicBaseURL + "/auth/google/callback")
        return OpenIDProvider(issuer: issuer, client: client) { method, url, headers, body in
            var request = HTTPClientRequest(url: url)
            request.method = HTTPMethod(rawValue: method)
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(body) }
            let response = try await http.execute(request, timeout: .seconds(10))
            let bytes = try await response.body.collect(upTo: 256 << 10)
            return (Int(response.status.code), Array(bytes.readableBytesView))
        }
    }
}
