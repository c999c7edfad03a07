import Crypto
import FoundationEssentials
import Testing
import _CryptoExtras
@testable import Auth

/// ID tokens checked as Google's must be: one table of tokens, each genuine or forged in one way,
/// and what the check makes of it. Keys are made here; the stand-in provider repeats the forgeries
/// over the real protocol (`GoogleSignInTests`).
@Suite struct IDTokenTests {
    static let key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let attacker = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let issuer = "https://accounts.google.com", audience = "bandup.apps.googleusercontent.com", nonce = "n-0S6_WzA2Mj"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static var jwks: JSONWebKeySet {
        let primitives = try! key.publicKey.getKeyPrimitives()
        let n = Array(primitives.modulus), e = Array(primitives.publicExponent)
        let json = #"{"keys":[{"kty":"RSA","alg":"RS256","use":"sig","kid":"k1","n":"\#(Base64URL.encode(n))","e":"\#(Base64URL.encode(e))"},"#
            + #"{"kty":"EC","kid":"ec","crv":"P-256","x":"AA","y":"AA"}]}"#
        return try! JSONWebKeySet(json: Array(json.utf8))
    }

    static func token(header: String = #"{"alg":"RS256","kid":"k1","typ":"JWT"}"#, claims: [String: String] = [:], remove: [String] = [],
                      signer: _RSA.Signing.PrivateKey? = key, hmac: Bool = false) -> String {
        var fields = ["iss": "\"\(issuer)\"", "aud": "\"\(audience)\"", "sub": "\"1234567890\"", "email": "\"ana@example.com\"",
                      "email_verified": "true", "nonce": "\"\(nonce)\"", "iat": "\(Int(now.timeIntervalSince1970) - 10)",
                      "exp": "\(Int(now.timeIntervalSince1970) + 3590)"]
        for (name, value) in claims { fields[name] = value }
        for name in remove { fields[name] = nil }
        let payload = "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        let signature: [UInt8]
        if hmac {
            signature = Array(HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: Array("k1".utf8))))
        } else if let signer {
            signature = Array(try! signer.signature(for: SHA256.hash(data: Array(input.utf8)), padding: .insecurePKCS1v1_5).rawRepresentation)
        } else {
            signature = []
        }
        return input + "." + Base64URL.encode(signature)
    }

    static func check(_ compact: String) -> Result<IDToken.Claims, IDTokenProblem> {
        do throws(IDTokenProblem) {
            return .success(try IDToken(compact).verified(keys: jwks, issuer: issuer, audience: audience, nonce: nonce, now: now))
        } catch { return .failure(error) }
    }

    @Test func aGenuineTokenGivesItsClaims() throws {
        let claims = try Self.check(Self.token()).get()
        #expect(claims.sub == "1234567890" && claims.email == "ana@example.com" && claims.email_verified == true)
        // Google's bare-host issuer and an audience list with this client as azp are genuine too.
        #expect(throws: Never.self) { try Self.check(Self.token(claims: ["iss": "\"accounts.google.com\""])).get() }
        #expect(throws: Never.self) { try Self.check(Self.token(claims: ["aud": "[\"\(Self.audience)\",\"other\"]", "azp": "\"\(Self.audience)\""])).get() }
    }

    static let forgeries: [(String, String, IDTokenProblem)] = {
        let genuine = token()
        let parts = genuine.split(separator: ".")
        let tamperedPayload = Base64URL.encode(Array(String(decoding: Base64URL.decode(parts[1])!, as: UTF8.self)
            .replacing("ana@example.com", with: "eve@example.com").utf8))
        return [
            ("signed by another key", token(signer: attacker), .badSignature),
            ("another key, unknown kid", token(header: #"{"alg":"RS256","kid":"k9"}"#, signer: attacker), .unknownKey),
            ("payload changed after signing", parts[0] + "." + tamperedPayload + "." + parts[2], .badSignature),
            ("alg none", token(header: #"{"alg":"none"}"#, signer: nil), .algorithm("none")),
            ("HS256 key confusion", token(header: #"{"alg":"HS256","kid":"k1"}"#, hmac: true), .algorithm("HS256")),
            ("RS512 named", token(header: #"{"alg":"RS512","kid":"k1"}"#), .algorithm("RS512")),
            ("expired", token(claims: ["iat": "\(Int(now.timeIntervalSince1970) - 7200)", "exp": "\(Int(now.timeIntervalSince1970) - 3600)"]), .expired),
            ("issued in the future", token(claims: ["iat": "\(Int(now.timeIntervalSince1970) + 3600)", "exp": "\(Int(now.timeIntervalSince1970) + 7200)"]), .issuedInTheFuture),
            ("another audience", token(claims: ["aud": "\"someone-else.apps.googleusercontent.com\""]), .audience),
            ("audience list without azp", token(claims: ["aud": "[\"\(audience)\",\"other\"]"]), .audience),
            ("another issuer", token(claims: ["iss": "\"https://evil.example.com\""]), .issuer("https://evil.example.com")),
            ("another nonce", token(claims: ["nonce": "\"n-replayed\""]), .nonce),
            ("no nonce", token(remove: ["nonce"]), .nonce),
            ("no subject", token(remove: ["sub"]), .malformed),
            ("not a JWT", "abc.def", .malformed),
            ("padding in base64url", genuine + "=", .malformed),
        ]
    }()

    @Test(arguments: forgeries) func aForgedTokenIsRefused(_ forgery: (String, String, IDTokenProblem)) {
        switch Self.check(forgery.1) {
        case .success: Issue.record("\(forgery.0): accepted")
        case .failure(let problem): #expect(problem == forgery.2, "\(forgery.0): \(problem.reason)")
        }
    }

    @Test func theKeySetSkipsKeysItCannotUseAndBase64URLRoundTrips() {
        #expect(Self.jwks.contains(id: "k1") && !Self.jwks.contains(id: "ec"), "the EC key is skipped")
        #expect(Self.jwks.contains(id: nil), "a token without kid may use the only RSA key")
        #expect(throws: IDTokenProblem.malformed) { try JSONWebKeySet(json: Array("not json".utf8)) }
        for bytes in [[], [0xFB], [0xFB, 0xFF], [0xFB, 0xFF, 0x00], Array(0...255)] as [[UInt8]] {
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
    }

    /// The hand-written encoder against Foundation's base64 with the URL alphabet and no padding,
    /// at every length of a block and a half and beyond.
    @Test func base64URLIsFoundationsBase64WithTheURLAlphabet() {
        for count in 0...70 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ count &* 31) }
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == expected, "\(count) bytes")
        }
        let tokens = Set((0..<100).map { _ in RandomToken.make() })
        #expect(tokens.count == 100 && tokens.allSatisfy { $0.utf8.count == 43 && Base64URL.decode($0)?.count == 32 })
    }
}
