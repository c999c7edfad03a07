import Foundation
import NIOCore
import NIOPosix

/// Storage in a local directory (development): file I/O on the thread pool, never an event loop.
public struct LocalStorage: Storage {
    public let directory: String
    let threadPool: NIOThreadPool

    public init(directory: String, threadPool: NIOThreadPool = .singleton) {
        self.directory = directory
        self.threadPool = threadPool
    }

    public func put(_ key: String, bytes: [UInt8], contentType: String, limit: Int) async throws {
        try StorageError.check(key)
        guard bytes.count <= limit else { throw StorageError.tooLarge(limit: limit) }
        let url = URL(fileURLWithPath: directory).appendingPathComponent(key)
        try await threadPool.runIfActive {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
            try Data(contentType.utf8).write(to: url.appendingPathExtension("content-type"), options: .atomic)
        }
    }

    public func get(_ key: String) async throws -> StoredObject? {
        try StorageError.check(key)
        let url = URL(fileURLWithPath: directory).appendingPathComponent(key)
        let found: (Data, String)? = try await threadPool.runIfActive {
            guard let data = try? Data(contentsOf: url) else { return nil }
            let type = (try? String(contentsOf: url.appendingPathExtension("content-type"), encoding: .utf8)) ?? "application/octet-stream"
            return (data, type)
        }
        guard let (data, type) = found else { return nil }
        let chunks = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
            for start in stride(from: 0, to: data.count, by: 64 * 1024) {
                continuation.yield(ByteBuffer(bytes: data[start..<min(start + 64 * 1024, data.count)]))
            }
            continuation.finish()
        }
        return StoredObject(contentType: type, size: data.count, chunks: chunks)
    }

    public func exists(_ key: String) async throws -> Bool {
        try StorageError.check(key)
        let path = URL(fileURLWithPath: directory).appendingPathComponent(key).path
        return try await threadPool.runIfActive { FileManager.default.fileExists(atPath: path) }
    }

    public func temporaryURL(_ key: String, expires: Int) -> String? { nil }

    public func delete(_ key: String) async throws {
        try StorageError.check(key)
        let url = URL(fileURLWithPath: directory).appendingPathComponent(key)
        try await threadPool.runIfActive {
            try? FileManager.default.removeItem(at: url)
            try? FileManager.default.removeItem(at: url.appendingPathExtension("content-type"))
        }
    }
}
