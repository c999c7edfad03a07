import API
import Auth
import Foundation
import Hummingbird
import NIOCore

/// `getContract` (the OpenAPI document itself) and `getMe` (who the token belongs to).
struct AccountOperations {
    /// The contract's text, served as it is.
    let contractText: String

    var handlers: [String: APIHandler] {
        let text = contractText
        return [
            "getContract": { _ in
                Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "public, max-age=300"],
                         body: .init(byteBuffer: ByteBuffer(string: text)))
            },
            "getMe": { call in
                let user = try call.user
                let token = call.token
                return APIResponse.json([
                    "id": .int(user.id), "displayName": .string(user.displayName), "role": .string(user.role.rawValue),
                    "token": .object([
                        ("name", .string(token?.name ?? "")), ("prefix", .string(token?.prefix ?? "")),
                        ("scopes", .array((token?.scopes ?? []).map(\.rawValue).sorted().map { .string($0) })),
                        ("expiresAt", .date(token?.expiresAt)),
                    ]),
                ])
            },
        ]
    }
}
