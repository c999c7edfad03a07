import Foundation

/// What `bandup assets build` produced: for each logical path (`css/app.css`), its fingerprinted
/// path (`css/app-3f2a…c1.css`), size, Subresource Integrity hash and content type.
public struct AssetManifest: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        /// Where the fingerprinted copy is, relative to the build directory and to `/assets/`.
        public let path: String
        public let size: Int
        /// `sha384-<base64>`, for `integrity` attributes.
        public let integrity: String
        public let contentType: String
        /// The hex SHA-256 of the content (the strong ETag).
        public let sha256: String
        /// The path of the gzip copy, when one was smaller, and its size.
        public let gzip: String?
        public let gzipSize: Int?
        /// How long an MP3 recording plays (``MP3Duration``); nil for every other file.
        public var seconds: Double? = nil
    }

    public static let fileName = "manifest.json"
    public var version = 1
    public var assets: [String: Entry]

    public init(assets: [String: Entry]) { self.assets = assets }

    /// The manifest as written: sorted keys, so the same build gives the same bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    public static func load(from directory: String) throws -> AssetManifest {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(fileName)
        do {
            return try JSONDecoder().decode(AssetManifest.self, from: Data(contentsOf: url))
        } catch {
            throw AssetBuildError(file: url.path, line: nil, message: "cannot read the asset manifest (run `bandup assets build`): \(error)")
        }
    }

    /// Entries by fingerprinted path (what `/assets/…` serves).
    public var byFingerprintedPath: [String: Entry] {
        Dictionary(uniqueKeysWithValues: assets.values.map { ($0.path, $0) })
    }
}

/// A problem with the assets, naming the file and line when there is one.
public struct AssetBuildError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
}
