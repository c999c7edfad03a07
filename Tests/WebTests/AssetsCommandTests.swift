import AWSSigning
import Foundation
import ObjectStorage
import TestSupport
import Testing

/// `bandup assets build` and `bandup assets upload`, run as the built executable against moto.
@Suite struct AssetsCommandTests {
    static func tree(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cli-assets-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appendingPathComponent("Public/\(path)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        return root
    }

    @Test func buildThenUploadThenNothingToDo() async throws {
        let root = try Self.tree(["css/app.css": ".a { background: url(../img/a.svg); }", "img/a.svg": "<svg/>"])
        defer { try? FileManager.default.removeItem(at: root) }
        let paths = ["--source", root.appendingPathComponent("Public").path, "--output", root.appendingPathComponent("out").path]
        let built = try await BandUpProcess.runAside(["assets", "build"] + paths)
        #expect(built.status == 0 && built.output.contains("2 assets") && built.output.contains("files written"), "\(built.output)")
        let rebuilt = try await BandUpProcess.runAside(["assets", "build"] + paths)
        #expect(rebuilt.output.contains("nothing changed"), "\(rebuilt.output)")

        let moto = try MotoServer()
        let credentials = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")
        let s3 = S3Client(configuration: S3Configuration(bucket: "cdn-assets", region: "us-east-1", endpoint: moto.endpoint, credentials: credentials))
        try await s3.createBucket()
        let env = ["ASSETS_BUCKET": "cdn-assets", "S3_ENDPOINT": moto.endpoint.absoluteString, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"]
        let upload = ["assets", "upload", "--directory", root.appendingPathComponent("out").path]
        let dry = try await BandUpProcess.runAside(upload + ["--dry-run"], environment: env)
        #expect(dry.status == 0 && dry.output.contains("Dry run: would upload 3 files"), "\(dry.output)")
        let first = try await BandUpProcess.runAside(upload, environment: env)
        #expect(first.status == 0 && first.output.contains("Uploaded 4 files") && first.output.contains("uploaded css/app-"), "\(first.output)")
        let second = try await BandUpProcess.runAside(upload + ["--prune-older-than", "2"], environment: env)
        #expect(second.output.contains("Uploaded 0 files") && second.output.contains("skipped 2 unchanged") && second.output.contains("Deleted 0 old files"), "\(second.output)")
        let missing = try await BandUpProcess.runAside(upload, environment: [:])
        #expect(missing.status != 0 && missing.output.contains("ASSETS_BUCKET is not set"))
    }

    @Test func aBrokenReferenceFailsTheBuildWithFileAndLine() async throws {
        let root = try Self.tree(["css/app.css": "body {}\n.x { background: url(missing.png); }\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let built = try await BandUpProcess.runAside(["assets", "build", "--source", root.appendingPathComponent("Public").path, "--output", root.appendingPathComponent("out").path])
        #expect(built.status != 0)
        #expect(built.output.contains("css/app.css:2: 'missing.png' refers to a file that is not in"), "\(built.output)")
    }
}
