import AWSSigning
import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport
import Testing
@testable import ObjectStorage

/// Both kinds of storage behave the same: put within a limit, read back in chunks, delete.
@Suite struct StorageTests {
    enum Kind: String, CaseIterable { case local, s3 }

    static func withStorage(_ kind: Kind, _ body: @escaping @Sendable (any Storage) async throws -> Void) async throws {
        switch kind {
        case .local:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("storage-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try await body(LocalStorage(directory: directory))
        case .s3:
            let moto = try MotoServer()
            let s3 = S3Client(configuration: S3Configuration(bucket: "media", region: "us-east-1", endpoint: moto.endpoint,
                                                             credentials: AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")))
            try await s3.createBucket()
            try await body(S3Storage(s3: s3))
        }
    }

    @Test(arguments: Kind.allCases) func putGetDelete(_ kind: Kind) async throws {
        try await Self.withStorage(kind) { storage in
            let recording = (0..<200_000).map { UInt8($0 % 251) }
            try await storage.put("recordings/42/part-2.webm", bytes: recording, contentType: "audio/webm", limit: 1 << 20)
            let object = try #require(try await storage.get("recordings/42/part-2.webm"))
            #expect(object.contentType == "audio/webm" && object.size == recording.count)
            var read: [UInt8] = []
            for try await chunk in object.chunks { read += chunk.readableBytesView }
            #expect(read == recording)
            try await storage.delete("recordings/42/part-2.webm")
            #expect(try await storage.get("recordings/42/part-2.webm") == nil)
            #expect(try await storage.get("recordings/none.webm") == nil)
        }
    }

    @Test(arguments: Kind.allCases) func limitsAndKeysAreEnforced(_ kind: Kind) async throws {
        try await Self.withStorage(kind) { storage in
            await #expect(throws: StorageError.tooLarge(limit: 10)) {
                try await storage.put("a.webm", bytes: Array(repeating: 0, count: 11), contentType: "audio/webm", limit: 10)
            }
            for key in ["../etc/passwd", "/abs", "a//b", "a/./b", "", "a b", "a\\b"] {
                await #expect(throws: StorageError.invalidKey(key)) { try await storage.put(key, bytes: [1], contentType: "x", limit: 10) }
            }
        }
    }

    @Test func presignedURLsOnlyForS3() async throws {
        try await Self.withStorage(.s3) { storage in
            try await storage.put("media/pic.png", bytes: [9, 9], contentType: "image/png", limit: 10)
            let url = try #require(try await storage.temporaryURL("media/pic.png", expires: 60))
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            #expect(response.status.code == 200)
        }
        #expect(try await LocalStorage(directory: "/tmp").temporaryURL("x", expires: 60) == nil)
    }
}
