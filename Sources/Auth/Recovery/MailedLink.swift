import Crypto
import FoundationEssentials
import NIOCore

/// The secret in a mailed link (a password reset, an address to confirm): 256 bits from the
/// system's CSPRNG, URL-safe; only its SHA-256 is stored, so a database dump opens nothing.
enum MailedLink {
    static func newToken() -> String { SessionStore.randomToken() }

    static func hash(_ token: String) -> ByteBuffer { ByteBuffer(bytes: SHA256.hash(data: Data(token.utf8))) }
}
