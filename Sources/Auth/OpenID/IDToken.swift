import Crypto
import FoundationEssentials
import _CryptoExtras

/// An OpenID Connect ID token (a JWS in compact form, RS256) and the checks that make it believable:
/// the signature by one of the provider's published keys, then `iss`, `aud`, `exp`, `iat`, `nonce`.
public struct IDToken: Sendable, Equatable {
    public struct Claims: Sendable, Equatable, Decodable {
        public let iss: String
        public let aud: Audience
        public let sub: String
        public let exp: Double
        public let iat: Double?
        public let nonce: String?
        public let email: String?
        public let email_verified: Bool?
        public let name: String?
        public let azp: String?
    }

    /// `aud` is a string or an array of strings.
    public struct Audience: Sendable, Equatable, Decodable {
        public let values: [String]
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) { values = [one] } else { values = try container.decode([String].self) }
        }
    }

    struct Header: Decodable {
        let alg: String
        let kid: String?
    }

    public let claims: Claims
    public let keyID: String?
    let signingInput: [UInt8]
    let signature: [UInt8]
    let algorithm: String

    /// Splits and decodes the token; nothing is trusted yet.
    public init(_ compact: String) throws(IDTokenProblem) {
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2]) else { throw .malformed }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes)) else { throw .malformed }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: Data(payload)) else { throw .malformed }
        self.claims = claims
        keyID = header.kid
        algorithm = header.alg
        signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        self.signature = signature
    }

    /// The claims, once the signature and every claim check out.
    public func verified(keys: JSONWebKeySet, issuer: String, audience: String, nonce: String, now: Date,
                         leeway: Double = 60) throws(IDTokenProblem) -> Claims {
        // Only RS256: `none`, HMAC with a public key as the secret and every other algorithm are refused.
        guard algorithm == "RS256" else { throw .algorithm(algorithm) }
        guard let key = keys.key(id: keyID) else { throw .unknownKey }
        let digest = SHA256.hash(data: signingInput)
        guard key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: digest, padding: .insecurePKCS1v1_5) else {
            throw .badSignature
        }
        // Google issues `https://accounts.google.com` and, for old clients, the bare host.
        let issuers = [issuer, issuer.replacing("https://", with: "")]
        guard issuers.contains(claims.iss) else { throw .issuer(claims.iss) }
        guard claims.aud.values.contains(audience), claims.aud.values.count == 1 || claims.azp == audience else { throw .audience }
        let seconds = now.timeIntervalSince1970
        guard claims.exp + leeway > seconds else { throw .expired }
        if let iat = claims.iat, iat - leeway > seconds { throw .issuedInTheFuture }
        guard let sent = claims.nonce, SecretText.equal(sent, nonce) else { throw .nonce }
        return claims
    }
}

/// Why an ID token was not believed, in words for the page and the log.
public enum IDTokenProblem: Error, Sendable, Equatable {
    case malformed, algorithm(String), unknownKey, badSignature, issuer(String), audience, expired, issuedInTheFuture, nonce

    public var reason: String {
        switch self {
        case .malformed: "the sign-in answer was not a readable ID token"
        case .algorithm(let name): "the ID token was signed with '\(name)', not RS256"
        case .unknownKey: "the ID token was signed with a key the provider does not publish"
        case .badSignature: "the ID token's signature does not match the provider's key"
        case .issuer(let name): "the ID token comes from '\(name)', not the provider"
        case .audience: "the ID token was made for another application"
        case .expired: "the ID token has expired"
        case .issuedInTheFuture: "the ID token claims to be issued in the future"
        case .nonce: "the ID token does not belong to this sign-in (its nonce differs)"
        }
    }
}

/// Base64url without padding (RFC 7515 §2).
public enum Base64URL {
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var base64 = String(text).replacing("-", with: "+").replacing("_", with: "/")
        guard !base64.contains("=") || text.isEmpty else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index < input.count {
            let count = min(3, input.count - index)
            var group = UInt32(input[index]) << 16
            if count > 1 { group |= UInt32(input[index + 1]) << 8 }
            if count > 2 { group |= UInt32(input[index + 2]) }
            for position in 0...count { output.append(alphabet[Int(group >> (18 - 6 * position)) & 63]) }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
