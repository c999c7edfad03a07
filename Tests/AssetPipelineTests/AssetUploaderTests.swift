import AWSSigning
import Foundation
import ObjectStorage
import TestSupport
import Testing
@testable import AssetPipeline

/// Build and upload against moto_server's S3 API, as a deploy does.
@Suite struct AssetUploaderTests {
    @Test func uploadsOnlyWhatChangedAndTheManifestLast() async throws {
        let moto = try MotoServer()
        let s3 = S3Client(configuration: S3Configuration(bucket: "bandup-assets", region: "us-east-1", endpoint: moto.endpoint,
                                                         credentials: AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")))
        try await s3.createBucket()
        let root = try AssetBuilderTests.tree(AssetBuilderTests.site)
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = AssetBuilderTests.builder(root)
        let uploader = AssetUploader(s3: s3, directory: builder.output)

        let (first, _) = try builder.build()
        let dry = try await uploader.upload(dryRun: true)
        let listedAfterDryRun = try await s3.listObjects()
        #expect(dry.uploaded.count == 7 && listedAfterDryRun.isEmpty, "a dry run uploads nothing")
        let order = OrderLog()
        let initial = try await uploader.upload(now: Date(timeIntervalSince1970: 1_795_000_000), progress: { key, _ in order.append(key) })
        #expect(initial.uploaded.count == 8 && initial.skipped == 0)  // 6 assets, a versioned manifest, manifest.json
        #expect(order.keys.last == "manifest.json", "the manifest goes last")
        let css = try #require(try await s3.headObject(first.assets["css/app.css"]!.path))
        #expect(css.cacheControl == "public, max-age=31536000, immutable" && css.contentType == "text/css; charset=utf-8")
        #expect(try await s3.headObject("manifest.json")?.cacheControl == "public, max-age=60")

        try Data("NEW-PNG".utf8).write(to: root.appendingPathComponent("Public/images/hero.png"))
        let (second, _) = try builder.build()
        let again = try await uploader.upload(now: Date(timeIntervalSince1970: 1_795_000_100))
        #expect(Set(again.uploaded.filter { !$0.hasPrefix("manifests/") }) == [second.assets["images/hero.png"]!.path, second.assets["css/app.css"]!.path, "manifest.json"])
        #expect(again.skipped == 4)

        let third = try await uploader.upload(now: Date(timeIntervalSince1970: 1_795_000_200))
        #expect(third.uploaded.isEmpty && third.skipped == 6)

        // Keep the files of the newest manifest only: the old image, the old CSS and the old manifest go.
        let pruned = try await uploader.prune(keep: 1)
        #expect(Set(pruned) == [first.assets["images/hero.png"]!.path, first.assets["css/app.css"]!.path, "manifests/20261118T110640Z-" + pruned.first { $0.hasPrefix("manifests/") }!.dropFirst(27)])
        #expect(try await s3.headObject(second.assets["css/app.css"]!.path) != nil)
        #expect(try await s3.headObject(first.assets["css/app.css"]!.path) == nil)
        #expect(try await uploader.prune(keep: 1).isEmpty)
    }

    @Test func versionStampsSortByTime() {
        #expect(AssetUploader.stamp(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
        #expect(AssetUploader.stamp(Date(timeIntervalSince1970: 1_795_000_000)) == "20261118T110640Z")
        #expect(AssetUploader.stamp(Date(timeIntervalSince1970: 951_782_400)) == "20000229T000000Z")
    }
}

final class OrderLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ key: String) { lock.lock(); items.append(key); lock.unlock() }
    var keys: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
