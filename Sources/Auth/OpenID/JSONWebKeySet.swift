import FoundationEssentials
import _CryptoExtras

/// A provider's published signing keys (JWKS, RFC 7517): the RSA ones for signatures.
public struct JSONWebKeySet: Sendable {
    struct Key: Decodable {
        let kty: String
        let kid: String?
        let use: String?
        let alg: String?
        let n: String?
        let e: String?
    }

    struct Document: Decodable { let keys: [Key] }

    let keys: [(id: String?, key: _RSA.Signing.PublicKey)]

    /// Reads a JWKS document; keys that are not RSA signing keys of 2048 bits or more are skipped.
    public init(json: [UInt8]) throws(IDTokenProblem) {
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(json)) else { throw .malformed }
        keys = document.keys.compactMap { key in
            guard key.kty == "RSA", key.use == nil || key.use == "sig", key.alg == nil || key.alg == "RS256",
                  let n = key.n.flatMap(Base64URL.decode), let e = key.e.flatMap(Base64URL.decode),
                  let publicKey = try? _RSA.Signing.PublicKey(n: n, e: e) else { return nil }
            return (key.kid, publicKey)
        }
    }

    public var isEmpty: Bool { keys.isEmpty }

    public func contains(id: String?) -> Bool { key(id: id) != nil }

    /// The key named `id`; a token without `kid` may use the set's only key.
    func key(id: String?) -> _RSA.Signing.PublicKey? {
        if let id { return keys.first { $0.id == id }?.key }
        return keys.count == 1 ? keys[0].key : nil
    }
}
