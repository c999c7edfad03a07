import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// A test client that behaves like a browser on our site: keeps cookies, sends the `Origin` and
/// `Sec-Fetch-Site` a browser sends, and fills in the CSRF token of the last page it saw.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var lastCSRF = ""
    var userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    /// Sent as `X-Forwarded-For` (a test server that trusts loopback as its proxy sees this client address).
    var forwardedFor: String?
    static let origin = "http://127.0.0.1:8080"

    init(_ client: any TestClientProtocol) { self.client = client }

    @discardableResult
    func get(_ path: String) async throws -> TestResponse {
        let response = try await client.execute(uri: path, method: .get, headers: headers())
        remember(response)
        return response
    }

    /// A form post from one of our pages; `csrf: nil` uses the token of the last page.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)] = [], csrf: String? = nil, origin: String? = Browser.origin,
              fetchSite: String? = nil, accept: String? = nil) async throws -> TestResponse {
        var headers = headers()
        headers[.contentType] = "application/x-www-form-urlencoded"
        if let accept { headers[.accept] = accept }
        if let origin { headers[.origin] = origin }
        if let fetchSite { headers[HTTPField.Name("Sec-Fetch-Site")!] = fetchSite }
        let all = [("_csrf", csrf ?? lastCSRF)] + fields
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// A script's request from one of our pages (fetch): a raw body, the token in `X-CSRF-Token`.
    @discardableResult
    func upload(_ path: String, bytes: [UInt8], contentType: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers()
        headers[.contentType] = contentType
        headers[.origin] = Self.origin
        headers[HTTPField.Name("X-CSRF-Token")!] = lastCSRF
        headers[.accept] = "application/json"
        headers.append(contentsOf: extra)
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    /// Signs up (a fresh learner) and returns the account page's response.
    func signUp(email: String, password: String = "correct horse battery", name: String = "Ana") async throws -> TestResponse {
        try await get("/sign-up")
        let response = try await post("/sign-up", [("email", email), ("displayName", name), ("password", password)])
        return try await follow(response)
    }

    func signIn(email: String, password: String = "correct horse battery", remember: Bool = false) async throws -> TestResponse {
        try await get("/sign-in")
        return try await post("/sign-in", [("email", email), ("password", password)] + (remember ? [("remember", "on")] : []))
    }

    func follow(_ response: TestResponse) async throws -> TestResponse {
        guard response.status == .seeOther, let location = response.headers[.location] else { return response }
        return try await get(location.replacingOccurrences(of: "http://127.0.0.1:8080", with: ""))
    }

    private func headers() -> HTTPFields {
        var headers: HTTPFields = [.userAgent: userAgent]
        if let forwardedFor { headers[HTTPField.Name("X-Forwarded-For")!] = forwardedFor }
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        return headers
    }

    private func remember(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies.removeValue(forKey: name) } else { cookies[name] = value }
        }
        if let token = response.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1 { lastCSRF = String(token) }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? text
    }
}
