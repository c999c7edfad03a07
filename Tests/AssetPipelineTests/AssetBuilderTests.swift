import Crypto
import Foundation
import Testing
@testable import AssetPipeline

/// `bandup assets build` on small Public/ trees in temporary directories.
@Suite struct AssetBuilderTests {
    /// A Public/ tree: relative path → content.
    static let site: [String: String] = [
        "css/app.css": "@import \"base.css\";\n/* url(not-a-ref.png) */\n.logo { background: url(../images/logo.svg) no-repeat; }\n.hero { background-image: url('../images/hero.png?v=2#x'); }\n.data { background: url(data:image/png;base64,AAAA); }\n.cdn { background: url(https://cdn.example/x.png); }\n" + String(repeating: ".filler { color: #123456; }\n", count: 40),
        "css/base.css": "body { margin: 0; }\n",
        "images/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "images/hero.png": "PNG-BYTES",
        "js/app.js": "console.log('BandUp');\n//# sourceMappingURL=app.js.map\n",
        "js/app.js.map": "{\"version\":3,\"file\":\"app.js\",\"sources\":[],\"mappings\":\"\"}",
    ]

    static func tree(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("assets-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appendingPathComponent("Public").appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        return root
    }

    static func builder(_ root: URL, output: String = "out") -> AssetBuilder {
        AssetBuilder(source: root.appendingPathComponent("Public").path, output: root.appendingPathComponent(output).path)
    }

    static func read(_ root: URL, _ path: String, output: String = "out") throws -> String {
        try String(contentsOf: root.appendingPathComponent(output).appendingPathComponent(path), encoding: .utf8)
    }

    @Test func fingerprintsRewritesAndDescribesEveryFile() throws {
        let root = try Self.tree(Self.site)
        defer { try? FileManager.default.removeItem(at: root) }
        let (manifest, report) = try Self.builder(root).build()
        #expect(report.assets == 6 && manifest.assets.count == 6)
        let css = try #require(manifest.assets["css/app.css"])
        #expect(css.path.wholeMatch(of: /css\/app-[0-9a-f]{12}\.css/) != nil)
        #expect(css.contentType == "text/css; charset=utf-8")
        let logo = manifest.assets["images/logo.svg"]!.path, hero = manifest.assets["images/hero.png"]!.path, base = manifest.assets["css/base.css"]!.path
        let written = try Self.read(root, css.path)
        #expect(written.hasPrefix("@import \"\(base.dropFirst(4))\";"))
        #expect(written.contains("url(../\(logo)) no-repeat"))
        #expect(written.contains("url('../\(hero)?v=2#x')"))
        #expect(written.contains("/* url(not-a-ref.png) */") && written.contains("url(data:image/png;base64,AAAA)") && written.contains("url(https://cdn.example/x.png)"))
        let js = try Self.read(root, manifest.assets["js/app.js"]!.path)
        #expect(js.hasSuffix("//# sourceMappingURL=\(manifest.assets["js/app.js.map"]!.path.dropFirst(3))\n"))
        // Integrity and size describe the bytes served.
        let bytes = try Data(contentsOf: root.appendingPathComponent("out").appendingPathComponent(css.path))
        #expect(css.size == bytes.count)
        #expect(css.integrity == "sha384-" + Data(SHA384.hash(data: bytes)).base64EncodedString())
        // A smaller gzip sibling for compressible types.
        let gzip = try #require(css.gzip)
        #expect(gzip == css.path + ".gz")
        #expect(manifest.assets["images/hero.png"]!.gzip == nil)
        let decoded = try Data(contentsOf: root.appendingPathComponent("out").appendingPathComponent(gzip))
        #expect(decoded.count < bytes.count && decoded.starts(with: [0x1f, 0x8b]))
    }

    @Test func aChangedImageChangesTheCSSThatPointsAtIt() throws {
        let root = try Self.tree(Self.site)
        defer { try? FileManager.default.removeItem(at: root) }
        let (before, _) = try Self.builder(root).build()
        try Data("NEW-PNG".utf8).write(to: root.appendingPathComponent("Public/images/hero.png"))
        let (after, report) = try Self.builder(root).build()
        #expect(after.assets["images/hero.png"]!.path != before.assets["images/hero.png"]!.path)
        #expect(after.assets["css/app.css"]!.path != before.assets["css/app.css"]!.path)
        for unchanged in ["css/base.css", "images/logo.svg", "js/app.js", "js/app.js.map"] {
            #expect(after.assets[unchanged] == before.assets[unchanged], "\(unchanged)")
        }
        #expect(Set(report.written) == [after.assets["images/hero.png"]!.path, after.assets["css/app.css"]!.path,
                                        after.assets["css/app.css"]!.gzip!, "manifest.json"])
    }

    @Test func aSecondBuildWritesNothingAndBuildsAreByteIdentical() throws {
        let root = try Self.tree(Self.site)
        defer { try? FileManager.default.removeItem(at: root) }
        let (first, _) = try Self.builder(root).build()
        let (second, report) = try Self.builder(root).build()
        #expect(first == second && report.written.isEmpty && !report.manifestChanged)
        let (other, _) = try Self.builder(root, output: "again").build()
        #expect(other == first)
        for entry in first.assets.values {
            for path in [entry.path] + (entry.gzip.map { [$0] } ?? []) {
                #expect(try Data(contentsOf: root.appendingPathComponent("out/\(path)")) == Data(contentsOf: root.appendingPathComponent("again/\(path)")))
            }
        }
        #expect(try Self.read(root, "manifest.json") == Self.read(root, "manifest.json", output: "again"))
    }

    @Test func aMissingReferenceNamesTheFileAndLine() throws {
        let root = try Self.tree(["css/app.css": "body {}\n\n.x { background: url(../images/missing.png); }\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: AssetBuildError(file: root.appendingPathComponent("Public").path + "/css/app.css", line: 3,
                                        message: "'../images/missing.png' refers to a file that is not in \(root.appendingPathComponent("Public").path)/")) {
            try Self.builder(root).build()
        }
    }

    @Test func importCyclesAreErrors() throws {
        let root = try Self.tree(["a.css": "@import 'b.css';", "b.css": "@import \"c.css\";", "c.css": "@import 'a.css';"])
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            _ = try Self.builder(root).build()
            Issue.record("expected a cycle error")
        } catch let error as AssetBuildError {
            #expect(error.message == "reference cycle: a.css → b.css → c.css → a.css")
        }
    }

    static let names: [(String, String)] = [
        ("css/app.css", "css/app-abc.css"), ("js/app.js.map", "js/app-abc.js.map"), ("favicon.ico", "favicon-abc.ico"),
        ("audio/test 1/part-1.mp3", "audio/test 1/part-1-abc.mp3"), (".well-known", ".well-known-abc"), ("LICENSE", "LICENSE-abc"),
    ]

    @Test(arguments: names) func fingerprintedNames(_ path: String, _ expected: String) {
        #expect(AssetBuilder.fingerprinted(path, hash: "abc") == expected)
    }

    static let resolutions: [(String, String, String?)] = [
        ("../images/a.png", "css/app.css", "images/a.png"), ("a.png", "css/app.css", "css/a.png"), ("./x/../a.png", "css/app.css", "css/a.png"),
        ("/images/a.png", "css/app.css", "images/a.png"), ("../../a.png", "css/app.css", nil), ("my%20image.png", "app.css", "my image.png"),
    ]

    @Test(arguments: resolutions) func referencesResolveInsideTheRoot(_ reference: String, _ file: String, _ expected: String?) {
        #expect(AssetBuilder.resolve(reference, from: file) == expected)
    }

    @Test func relativePaths() {
        #expect(AssetBuilder.relativePath(from: "css/app.css", to: "images/a-1.png") == "../images/a-1.png")
        #expect(AssetBuilder.relativePath(from: "css/app.css", to: "css/base-1.css") == "base-1.css")
        #expect(AssetBuilder.relativePath(from: "app.css", to: "img/x-1.png") == "img/x-1.png")
        #expect(AssetBuilder.relativePath(from: "a/b/c.css", to: "a/d/e.png") == "../d/e.png")
    }
}
