import NIOCore

/// Storage in an S3 bucket (production), with presigned URLs for browsers.
public struct S3Storage: Storage {
    public let s3: S3Client

    public init(s3: S3Client) { self.s3 = s3 }

    public func put(_ key: String, bytes: [UInt8], contentType: String, limit: Int) async throws {
        try StorageError.check(key)
        guard bytes.count <= limit else { throw StorageError.tooLarge(limit: limit) }
        try await s3.putObject(key, body: bytes, contentType: contentType, cacheControl: "private, max-age=0")
    }

    public func get(_ key: String) async throws -> StoredObject? {
        try StorageError.check(key)
        guard let (info, chunks) = try await s3.streamObject(key) else { return nil }
        return StoredObject(contentType: info.contentType ?? "application/octet-stream", size: info.size, chunks: chunks)
    }

    public func exists(_ key: String) async throws -> Bool {
        try StorageError.check(key)
        return try await s3.headObject(key) != nil
    }

    public func temporaryURL(_ key: String, expires: Int) async throws -> String? {
        guard (try? StorageError.check(key)) != nil else { return nil }
        return try await s3.presignedGetURL(key, expires: expires)
    }

    public func delete(_ key: String) async throws {
        try StorageError.check(key)
        _ = try await s3.deleteObjects([key])
    }
}
