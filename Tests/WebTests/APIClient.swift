import API
import Auth
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
@testable import BandUpWeb

/// An API client for tests: a token for a fresh account of a role, JSON in and out.
struct APIClient {
    let client: any TestClientProtocol
    let token: String
    let userID: Int64

    /// An account of `role` with a token of `scopes` (made as the account page makes them).
    static func make(_ client: any TestClientProtocol, _ server: BandUpServer, role: Role = .learner, scopes: Set<TokenScope> = Set(TokenScope.allCases).subtracting([.contentWrite]),
                     email: String = "api-\(UUID().uuidString.prefix(8))@example.com") async throws -> APIClient {
        let users = UserStore(client: server.backends.postgres)
        let user = try await users.create(email: try EmailAddress(email), displayName: "Api", passwordHash: "x", role: role)
        if role != .learner { try await TestSite.turnOnTwoFactor(server, email: user.email) }
        let (_, secret) = try await AccessTokens(client: server.backends.postgres).create(userID: user.id, role: role, name: "tests", scopes: scopes, expiresAt: nil)
        return APIClient(client: client, token: secret, userID: user.id)
    }

    func request(_ method: HTTPRequest.Method, _ path: String, json: JSONValue? = nil, body: [UInt8]? = nil, contentType: String? = nil,
                 headers extra: HTTPFields = [:], token: String?? = nil) async throws -> TestResponse {
        var headers = extra
        if let token = token ?? self.token { headers[.authorization] = "Bearer \(token)" }
        var bytes = body
        if let json { bytes = json.bytes; headers[.contentType] = "application/json" }
        if let contentType { headers[.contentType] = contentType }
        return try await client.execute(uri: path, method: method, headers: headers, body: bytes.map { ByteBuffer(bytes: $0) })
    }

    func get(_ path: String, headers: HTTPFields = [:]) async throws -> TestResponse { try await request(.get, path, headers: headers) }
    func post(_ path: String, _ json: JSONValue, headers: HTTPFields = [:]) async throws -> TestResponse { try await request(.post, path, json: json, headers: headers) }
    func put(_ path: String, _ json: JSONValue) async throws -> TestResponse { try await request(.put, path, json: json) }
}

extension TestResponse {
    /// The body as JSON (a test fails on anything else).
    var json: JSONValue { (try? JSONParser.parse(Array(buffer: body))) ?? .null }

    /// A problem document's kind: `validation` from `…#problem-validation`.
    var problemKind: String? { json["type"]?.string?.components(separatedBy: "#problem-").last }
}
