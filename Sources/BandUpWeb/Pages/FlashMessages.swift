import Foundation
import Hummingbird
import Redis

/// A one-time message shown on the next page ("Your essay was received").
struct FlashMessage: Sendable, Equatable, Codable {
    enum Kind: String, Sendable, Codable {
        case success, info, warning, error
    }

    let kind: Kind
    let text: String
}

/// Flash messages kept in Redis (so any instance shows them) under a random id that travels in
/// a short-lived cookie; reading them deletes them.
struct FlashMessages: Sendable {
    static let cookieName = "bandup_flash"
    static let lifetime: Duration = .seconds(120)

    let backends: Backends
    let secureCookies: Bool

    /// Stores `messages` and returns the cookie that carries their id to the next request.
    func store(_ messages: [FlashMessage]) async throws -> Cookie {
        let id = RequestIDMiddleware.newID()
        let json = String(decoding: try JSONEncoder().encode(messages), as: UTF8.self)
        try await backends.cache { try await $0.set(Self.key(id), to: json, expiresIn: Self.lifetime) }
        return Cookie(name: Self.cookieName, value: id, maxAge: Int(Self.lifetime.components.seconds), path: "/",
                      secure: secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// Takes the messages the request's cookie points to (at most once), and the cookie that clears it.
    func take(from request: Request) async throws -> (messages: [FlashMessage], clear: Cookie?) {
        guard let id = request.cookies[Self.cookieName]?.value, RequestIDMiddleware.acceptable(id) != nil else { return ([], nil) }
        let reply = try await backends.cache { try await $0.send(["GETDEL", Self.key(id)]) }
        let clear = Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
        guard let json = reply.string, let messages = try? JSONDecoder().decode([FlashMessage].self, from: Data(json.utf8)) else {
            return ([], clear)
        }
        return (messages, clear)
    }

    private static func key(_ id: String) -> String { "flash:\(id)" }
}
