import API
import Auth
import Foundation
import Hummingbird
import Logging

/// One API request after the contract has checked it: who sent it (the token and its account),
/// its path and query parameters, and its body, read and valid.
struct APICall: Sendable {
    let request: Request
    let context: WebContext
    let operation: APIContract.Operation
    /// The token and its account; nil only for public operations.
    let token: AccessToken?
    let account: User?
    let path: [String: String]
    let query: [String: String]
    let body: APIBody

    /// The signed-in account (every operation but the public ones has one).
    var user: User {
        get throws(Problem) {
            guard let account else { throw Problem(.unauthorized, "This needs an access token.") }
            return account
        }
    }

    var logger: Logger { context.logger }

    /// A path parameter the contract declares (present once the route matched).
    func parameter(_ name: String) -> String { path[name] ?? "" }

    /// A UUID path parameter (the contract checked its form).
    func uuid(_ name: String) throws(Problem) -> UUID {
        guard let id = UUID(uuidString: parameter(name)) else { throw Problem(.notFound, "There is no such \(name).") }
        return id
    }

    func integer(_ name: String) throws(Problem) -> Int64 {
        guard let id = Int64(parameter(name)) else { throw Problem(.notFound, "There is no such \(name).") }
        return id
    }

    /// The JSON body (the contract checked it), or an empty object.
    var json: JSONValue {
        if case .json(let value) = body { return value }
        return .object([])
    }

    /// `limit` (the contract bounds it) or its default.
    var limit: Int { query["limit"].flatMap { Int($0) } ?? 20 }

    /// Where the page starts: 0, or the position `cursor` carries (the contract checked its form).
    var offset: Int { query["cursor"].flatMap { Int($0) } ?? 0 }

    /// The next page's cursor, or nil after the last item.
    static func nextCursor(after end: Int, of total: Int) -> String? { end < total ? String(end) : nil }
}

/// What a request sent, as the operation's media type reads it.
enum APIBody: Sendable {
    case none
    case json(JSONValue)
    case form(MultipartForm)
}

/// An operation's handler.
typealias APIHandler = @Sendable (APICall) async throws -> Response
