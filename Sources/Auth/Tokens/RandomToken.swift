import Crypto

/// Secrets for cookies, links and tokens, and per-request nonces: from swift-crypto's CSPRNG
/// (BoringSSL's, seeded by the kernel) in one call, not a `getrandom` system call per byte, which
/// cost 7% of a page's CPU when every anonymous page made a CSRF token that way.
public enum RandomToken {
    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        SymmetricKey(size: SymmetricKeySize(bitCount: count * 8)).withUnsafeBytes { Array($0) }
    }

    /// 256 random bits, base64url without padding (43 characters).
    public static func make() -> String {
        Base64URL.encode(bytes(32))
    }
}
