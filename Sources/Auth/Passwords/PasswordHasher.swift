import Crypto
import FoundationEssentials
import HummingbirdBcrypt
import NIOPosix

/// bcrypt password hashes, computed on a thread pool, never on a NIO event loop (one hash at
/// cost 12 takes about a quarter of a second of CPU).
///
/// bcrypt reads only the first 72 bytes of its input, so the password is pre-hashed: SHA-256, then
/// base64 (44 ASCII bytes, no NUL). Every character of a 128-character password counts.
public struct PasswordHasher: Sendable {
    /// bcrypt's work factor: 2^cost rounds. At least 12 in production.
    public let cost: UInt8
    private let threadPool: NIOThreadPool

    public init(cost: UInt8 = 12, threadPool: NIOThreadPool = .singleton) {
        precondition((4...31).contains(cost), "bcrypt cost must be 4-31")
        self.cost = cost
        self.threadPool = threadPool
    }

    public func hash(_ password: String) async throws -> String {
        let input = Self.prehash(password)
        let cost = cost
        return try await threadPool.runIfActive { Bcrypt.hash(input, cost: cost) }
    }

    /// Whether `password` matches `hash`. Runs as long for a wrong password as for a right one.
    public func verify(_ password: String, against hash: String) async throws -> Bool {
        let input = Self.prehash(password)
        return try await threadPool.runIfActive { Bcrypt.verify(input, hash: hash) }
    }

    /// A hash of nothing anyone knows, to verify against when the email is unknown, so that a
    /// wrong email takes as long as a wrong password.
    public func decoyHash() async throws -> String {
        try await hash("decoy-" + String(UInt64.random(in: .min ... .max), radix: 36))
    }

    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }
}
