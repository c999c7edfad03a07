import Crypto
import FoundationEssentials
import Synchronization
import Testing
import _CryptoExtras
@testable import Auth

/// The provider's HTTP side with a scripted `send`: what the token request carries (PKCE verifier,
/// client credentials), the keys cached, and fetched again for a new key id, at most once a minute.
@Suite struct OpenIDProviderTests {
    final class Google: Sendable {
        struct State { var keys: [(String, _RSA.Signing.PrivateKey)]; var signer = "k1"; var jwksRequests = 0; var tokenBodies: [String] = [] }
        let state: Mutex<State>
        init() { state = Mutex(State(keys: [("k1", IDTokenTests.key)])) }

        func jwks() -> [UInt8] {
            let keys = state.withLock { $0.keys }.map { id, key in
                let primitives = try! key.publicKey.getKeyPrimitives()
                return #"{"kty":"RSA","kid":"\#(id)","n":"\#(Base64URL.encode(primitives.modulus))","e":"\#(Base64URL.encode(primitives.publicExponent))"}"#
            }
            return Array(#"{"keys":[\#(keys.joined(separator: ","))]}"#.utf8)
        }

        func send(_ method: String, _ url: String, _ headers: [(String, String)], _ body: [UInt8]?) -> (status: Int, body: [UInt8]) {
            switch url {
            case IDTokenTests.issuer + "/.well-known/openid-configuration":
                return (200, Array(#"{"issuer":"\#(IDTokenTests.issuer)","authorization_endpoint":"https://accounts.google.com/o/oauth2/v2/auth","token_endpoint":"https://oauth2.googleapis.com/token","jwks_uri":"https://www.googleapis.com/oauth2/v3/certs"}"#.utf8))
            case "https://www.googleapis.com/oauth2/v3/certs":
                state.withLock { $0.jwksRequests += 1 }
                return (200, jwks())
            case "https://oauth2.googleapis.com/token":
                let (id, key) = state.withLock { state in
                    state.tokenBodies.append(String(decoding: body ?? [], as: UTF8.self))
                    return state.keys.first { $0.0 == state.signer }!
                }
                let token = IDTokenTests.token(header: #"{"alg":"RS256","kid":"\#(id)"}"#, claims: ["iat": "\(Int(Date().timeIntervalSince1970))",
                                                "exp": "\(Int(Date().timeIntervalSince1970) + 3600)"], signer: key)
                return (200, Array(#"{"id_token":"\#(token)","access_token":"x","token_type":"Bearer","expires_in":3599}"#.utf8))
            default:
                return (404, [])
            }
        }
    }

    final class Clock: Sendable {
        let offset = Mutex(0.0)
        var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    }

    @Test func theCodeExchangeCarriesPKCEAndKeysAreCachedThenRefetchedForANewKey() async throws {
        let google = Google(), clock = Clock()
        let provider = OpenIDProvider(issuer: IDTokenTests.issuer, client: .init(id: IDTokenTests.audience, secret: "s3cret&=", redirectURI: "https://bandup.example/auth/google/callback"),
                                      send: { method, url, headers, body in google.send(method, url, headers, body) }, now: { clock.now })
        let attempt = OpenIDProvider.Attempt(state: "state-1", nonce: IDTokenTests.nonce, verifier: String(repeating: "v", count: 64))
        let address = try await provider.authorizationURL(for: attempt)
        let challenge = Base64URL.encode(SHA256.hash(data: Array(attempt.verifier.utf8)))
        #expect(address.hasPrefix("https://accounts.google.com/o/oauth2/v2/auth?response_type=code&client_id=bandup.apps.googleusercontent.com"))
        #expect(address.contains("&code_challenge=\(challenge)&code_challenge_method=S256") && address.contains("&nonce=\(IDTokenTests.nonce)")
                && address.contains("&redirect_uri=https%3A%2F%2Fbandup.example%2Fauth%2Fgoogle%2Fcallback") && address.contains("&state=state-1"))

        #expect(try await provider.claims(code: "4/abc", attempt: attempt).sub == "1234567890")
        let body = try #require(google.state.withLock { $0.tokenBodies.first })
        #expect(body.contains("code_verifier=\(attempt.verifier)") && body.contains("client_secret=s3cret%26%3D") && body.contains("code=4%2Fabc"))
        _ = try await provider.claims(code: "4/def", attempt: attempt)
        #expect(google.state.withLock { $0.jwksRequests } == 1, "cached")

        // Google rotates: tokens now name a key the cache has not seen.
        let next = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        google.state.withLock { $0.keys = [("k1", IDTokenTests.key), ("k2", next)]; $0.signer = "k2" }
        clock.offset.withLock { $0 = 10 }
        await #expect(throws: IDTokenProblem.unknownKey, "not fetched again within a minute (an unknown kid cannot make us hammer Google)") {
            try await provider.claims(code: "4/ghi", attempt: attempt)
        }
        clock.offset.withLock { $0 = 70 }
        #expect(try await provider.claims(code: "4/jkl", attempt: attempt).sub == "1234567890")
        #expect(google.state.withLock { $0.jwksRequests } == 2)
    }
}
