import Crypto
import FoundationEssentials

/// A personal access token as BandUp keeps it: never the secret itself, only its hash.
public struct AccessToken: Sendable, Equatable {
    public let id: Int64
    public let userID: Int64
    public let name: String
    /// The first characters of the secret (`bu_AbC1…`), to tell tokens apart.
    public let prefix: String
    public let scopes: Set<TokenScope>
    public let createdAt: Date
    public let expiresAt: Date?
    public let lastUsedAt: Date?
    public let revokedAt: Date?

    /// Whether it can be used at `now`.
    public func isActive(at now: Date) -> Bool { revokedAt == nil && (expiresAt.map { $0 > now } ?? true) }

    /// Every token starts with this, so a leaked one is recognisable (secret scanners, logs).
    public static let marker = "bu_"

    /// A new secret: the marker and 32 random bytes as base64url (43 characters).
    public static func newSecret() -> String {
        marker + RandomToken.make()
    }

    /// What is stored and looked up: SHA-256 of the whole secret.
    public static func hash(_ secret: String) -> [UInt8] { Array(SHA256.hash(data: Array(secret.utf8))) }

    /// Whether `text` has a token's shape (checked before any lookup).
    public static func looksLikeSecret(_ text: String) -> Bool {
        text.hasPrefix(marker) && text.utf8.count == marker.utf8.count + 43
            && text.utf8.dropFirst(marker.utf8.count).allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || ($0 < 128 && Character(Unicode.Scalar($0)).isLetter) || ($0 >= 48 && $0 <= 57) }
    }
}
