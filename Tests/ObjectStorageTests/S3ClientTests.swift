import AWSSigning
import AsyncHTTPClient
import Foundation
import TestSupport
import Testing
@testable import ObjectStorage

/// The S3 client against moto_server's S3 API.
@Suite struct S3ClientTests {
    static func withBucket(_ body: @escaping @Sendable (S3Client, MotoServer) async throws -> Void) async throws {
        let moto = try MotoServer()
        let configuration = S3Configuration(bucket: "bandup-test-\(UUID().uuidString.prefix(8).lowercased())", region: "us-east-1", endpoint: moto.endpoint,
                                            credentials: AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing"))
        let client = S3Client(configuration: configuration)
        try await client.createBucket()
        try await body(client, moto)
    }

    @Test func putHeadGetListDelete() async throws {
        try await Self.withBucket { s3, _ in
            let etag = try await s3.putObject("css/app-1a2b.css", body: Array("body{}".utf8), contentType: "text/css; charset=utf-8",
                                              cacheControl: "public, max-age=31536000, immutable")
            #expect(etag == "a3ce4a4a9f7b7b1e1e64c0b7c7b9f9ce" || etag.count == 32)
            let info = try #require(try await s3.headObject("css/app-1a2b.css"))
            #expect(info.size == 6 && info.etag == etag)
            #expect(info.contentType == "text/css; charset=utf-8" && info.cacheControl == "public, max-age=31536000, immutable")
            #expect(try await s3.headObject("missing") == nil)
            #expect(try await s3.getObject("css/app-1a2b.css") == Array("body{}".utf8))
            // Keys that need encoding survive the round trip.
            try await s3.putObject("audio/test 1/part+1 ü.mp3", body: [1, 2, 3], contentType: "audio/mpeg")
            #expect(try await s3.getObject("audio/test 1/part+1 ü.mp3") == [1, 2, 3])
            #expect(Set(try await s3.listObjects().map(\.key)) == ["css/app-1a2b.css", "audio/test 1/part+1 ü.mp3"])
            #expect(try await s3.listObjects(prefix: "audio/").map(\.key) == ["audio/test 1/part+1 ü.mp3"])
            #expect(try await s3.deleteObjects(["css/app-1a2b.css", "audio/test 1/part+1 ü.mp3"]).isEmpty)
            #expect(try await s3.listObjects().isEmpty)
        }
    }

    @Test func listingFollowsContinuationTokens() async throws {
        try await Self.withBucket { s3, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<1005 {
                    group.addTask { try await s3.putObject(String(format: "many/%04d.txt", index), body: [UInt8(index % 256)], contentType: "text/plain") }
                    if index % 16 == 15 { try await group.waitForAll() }
                }
                try await group.waitForAll()
            }
            let listed = try await s3.listObjects(prefix: "many/")
            #expect(listed.count == 1005 && Set(listed.map(\.key)).count == 1005)
        }
    }

    @Test func errorsCarryS3sCode() async throws {
        try await Self.withBucket { s3, _ in
            do {
                _ = try await s3.getObject("nope")
                Issue.record("expected NoSuchKey")
            } catch let error as S3Error {
                #expect(error.status == 404 && error.code == "NoSuchKey")
            }
        }
    }

    @Test func presignedURLsWork() async throws {
        try await Self.withBucket { s3, _ in
            try await s3.putObject("recordings/r1.webm", body: Array("voice".utf8), contentType: "audio/webm")
            let url = try await s3.presignedGetURL("recordings/r1.webm", expires: 300)
            #expect(url.contains("X-Amz-Signature=") && url.contains("X-Amz-Expires=300"))
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            #expect(response.status.code == 200)
            #expect(String(buffer: try await response.body.collect(upTo: 1024)) == "voice")
        }
    }

    @Test func virtualHostAddressing() {
        let configuration = S3Configuration(bucket: "bandup-assets", region: "eu-west-2", credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"))
        let location = configuration.location(of: "css/app 1.css")
        #expect(location.url == "https://bandup-assets.s3.eu-west-2.amazonaws.com/css/app%201.css")
        #expect(location.host == "bandup-assets.s3.eu-west-2.amazonaws.com" && location.path == "/css/app 1.css")
        let path = S3Configuration(bucket: "b", region: "us-east-1", endpoint: URL(string: "http://127.0.0.1:5000")!,
                                   credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b")).location(of: "k/x y")
        #expect(path.url == "http://127.0.0.1:5000/b/k/x%20y" && path.host == "127.0.0.1:5000" && path.path == "/b/k/x y")
    }
}
