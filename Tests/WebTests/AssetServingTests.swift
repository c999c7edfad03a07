import AssetPipeline
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BandUpWeb

/// `/assets/…`: what the CDN pulls and browsers cache for a year.
@Suite struct AssetServingTests {
    @Test func cacheHeadersETagAnd304() async throws {
        try await TestSite.withServer(.live) { client, server, _ in
            let css = try #require(server.assets.entry("css/app.css"))
            let response = try await client.execute(uri: "/assets/\(css.path)", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/css; charset=utf-8")
            #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(response.headers[.eTag] == "\"\(css.sha256)\"")
            #expect(response.headers[.vary] == "Accept-Encoding")
            #expect(response.body.readableBytes == css.size && response.headers[.contentEncoding] == nil)
            let again = try await client.execute(uri: "/assets/\(css.path)", method: .get, headers: [.ifNoneMatch: "\"\(css.sha256)\""])
            #expect(again.status == .notModified && again.body.readableBytes == 0)
            let head = try await client.execute(uri: "/assets/\(css.path)", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0 && head.headers[.contentLength] == String(css.size))
        }
    }

    @Test func gzipWhenTheClientAcceptsIt() async throws {
        try await TestSite.withServer(.live) { client, server, _ in
            let css = try #require(server.assets.entry("css/app.css"))
            let gzipped = try await client.execute(uri: "/assets/\(css.path)", method: .get, headers: [.acceptEncoding: "br, gzip;q=0.8"])
            #expect(gzipped.headers[.contentEncoding] == "gzip" && gzipped.body.readableBytes == css.gzipSize)
            let refused = try await client.execute(uri: "/assets/\(css.path)", method: .get, headers: [.acceptEncoding: "gzip;q=0, br"])
            #expect(refused.headers[.contentEncoding] == nil && refused.body.readableBytes == css.size)
        }
    }

    @Test func byteRanges() async throws {
        try await TestSite.withServer(.live) { client, server, _ in
            let css = try #require(server.assets.entry("css/app.css"))
            let whole = try await client.execute(uri: "/assets/\(css.path)", method: .get)
            let part = try await client.execute(uri: "/assets/\(css.path)", method: .get, headers: [.range: "bytes=10-19", .acceptEncoding: "gzip"])
            #expect(part.status == .partialContent)
            #expect(part.headers[.contentRange] == "bytes 10-19/\(css.size)" && part.headers[.contentEncoding] == nil)
            let all = [UInt8](whole.body.readableBytesView)
            #expect([UInt8](part.body.readableBytesView) == Array(all[10...19]))
            let tail = try await client.execute(uri: "/assets/\(css.path)", method: .get, headers: [.range: "bytes=-5"])
            #expect([UInt8](tail.body.readableBytesView) == Array(all.suffix(5)))
            let beyond = try await client.execute(uri: "/assets/\(css.path)", method: .get, headers: [.range: "bytes=\(css.size)-"])
            #expect(beyond.status == .rangeNotSatisfiable && beyond.headers[.contentRange] == "bytes */\(css.size)")
        }
    }

    static let traversals = ["/assets/../Package.swift", "/assets/%2e%2e/Package.swift", "/assets/%252e%252e/Package.swift",
                             "/assets/css/../../Package.swift", "/assets/manifest.json", "/assets/css/app.css", "/assets/", "/assets/..%2fPackage.swift"]

    @Test(arguments: traversals) func onlyManifestFilesAreServed(_ uri: String) async throws {
        try await TestSite.withServer { client, _, _ in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .notFound || response.status == .badRequest, "\(uri): \(response.status)")
            #expect(!response.text.contains("PackageDescription") && !response.text.contains("\"assets\""))
        }
    }

    /// Range header, file size, expected outcome.
    static let ranges: [(String?, Int, ByteRange)] = [
        (nil, 100, .whole), ("bytes=0-9", 100, .partial(0...9)), ("bytes=90-", 100, .partial(90...99)), ("bytes=-10", 100, .partial(90...99)),
        ("bytes=-200", 100, .partial(0...99)), ("bytes=50-500", 100, .partial(50...99)), ("bytes=100-", 100, .unsatisfiable),
        ("bytes=-0", 100, .unsatisfiable), ("bytes=5-1", 100, .whole), ("bytes=0-1,5-6", 100, .whole), ("items=0-1", 100, .whole),
        ("bytes=abc", 100, .whole), ("bytes=0-0", 1, .partial(0...0)), ("bytes=0-", 0, .unsatisfiable),
    ]

    @Test(arguments: ranges) func rangeHeaders(_ header: String?, _ size: Int, _ expected: ByteRange) {
        #expect(ByteRange(header: header, size: size) == expected)
    }
}
