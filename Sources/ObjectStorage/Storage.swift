import Foundation
import NIOCore

/// Where BandUp keeps what people upload: editors' media and learners' speaking recordings.
/// A local directory in development, S3 in production.
public protocol Storage: Sendable {
    /// Stores `bytes` under `key` if they are within `limit`; throws ``StorageError/tooLarge(limit:)`` otherwise.
    func put(_ key: String, bytes: [UInt8], contentType: String, limit: Int) async throws
    /// The object's bytes in chunks, and its content type; nil when there is no such object.
    func get(_ key: String) async throws -> StoredObject?
    /// Whether there is an object under `key`.
    func exists(_ key: String) async throws -> Bool
    /// A URL a browser can fetch the object from for a while (S3: presigned; local: nil, serve it yourself).
    func temporaryURL(_ key: String, expires: Int) async throws -> String?
    func delete(_ key: String) async throws
}

/// An object read back from storage.
public struct StoredObject: Sendable {
    public let contentType: String
    public let size: Int
    public let chunks: AsyncThrowingStream<ByteBuffer, any Error>
}

public enum StorageError: Error, Equatable, CustomStringConvertible {
    case tooLarge(limit: Int)
    case invalidKey(String)

    public var description: String {
        switch self {
        case .tooLarge(let limit): "the file is larger than \(limit / 1_048_576) MB"
        case .invalidKey(let key): "'\(key)' is not a storage key"
        }
    }

    /// Keys are relative paths of letters, digits, `-`, `_`, `.` and `/`, without `..` or empty segments.
    static func check(_ key: String) throws {
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, key.utf8.count <= 512, segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
              key.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./".unicodeScalars.contains($0) })
        else { throw StorageError.invalidKey(key) }
    }
}
