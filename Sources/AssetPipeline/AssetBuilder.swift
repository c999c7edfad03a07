import CompressNIO
import Crypto
import Foundation
import NIOCore

/// `bandup assets build`: fingerprinted copies of `Public/` and their manifest.
///
/// References inside CSS and JavaScript are rewritten to fingerprinted names first (files are
/// processed in dependency order, so a changed image changes the CSS that points at it). Output
/// is deterministic; a file whose fingerprinted copy already exists is not written again.
public struct AssetBuilder: Sendable {
    public let source: String
    public let output: String

    public init(source: String, output: String) {
        self.source = source
        self.output = output
    }

    /// What a build did.
    public struct Report: Sendable, Equatable {
        public var assets = 0
        /// Files written (fingerprinted copies, gzip siblings, the manifest).
        public var written: [String] = []
        public var bytesRead = 0
        public var manifestChanged = false
    }

    public func build() throws -> (AssetManifest, Report) {
        var report = Report()
        let files = try sourceFiles()
        var contents: [String: [UInt8]] = [:]
        var references: [String: [(AssetReference, String)]] = [:]
        for path in files {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source).appendingPathComponent(path)))
            report.bytesRead += bytes.count
            contents[path] = bytes
            var resolved: [(AssetReference, String)] = []
            for reference in AssetReference.find(in: bytes, kind: ContentType.fileExtension(path)) where reference.isLocal {
                guard let target = Self.resolve(reference.pathPart, from: path), contents[target] != nil || files.contains(target) else {
                    throw AssetBuildError(file: "\(source)/\(path)", line: reference.line,
                                          message: "'\(reference.target)' refers to a file that is not in \(source)/")
                }
                resolved.append((reference, target))
            }
            references[path] = resolved
        }
        let order = try Self.dependencyOrder(files, references: references.mapValues { $0.map(\.1) }, source: source)

        var entries: [String: AssetManifest.Entry] = [:]
        var taken = Set(files)
        for path in order {
            var bytes = contents[path]!
            // Rewrite from the end so earlier ranges stay valid.
            for (reference, target) in references[path]!.sorted(by: { $0.0.range.lowerBound > $1.0.range.lowerBound }) {
                let relative = Self.relativePath(from: path, to: entries[target]!.path) + reference.suffix
                bytes.replaceSubrange(reference.range, with: Array(relative.utf8))
            }
            let sha256 = Self.hex(SHA256.hash(data: bytes))
            var fingerprinted = Self.fingerprinted(path, hash: String(sha256.prefix(12)))
            if taken.contains(fingerprinted) { fingerprinted = Self.fingerprinted(path, hash: sha256) }  // collision: the full hash
            taken.insert(fingerprinted)
            if try write(bytes, to: fingerprinted) { report.written.append(fingerprinted) }
            var gzipPath: String?
            var gzipSize: Int?
            if ContentType.isCompressible(path), bytes.count > 256 {
                let compressed = try Self.gzip(bytes)
                if compressed.count < bytes.count * 9 / 10 {
                    gzipPath = fingerprinted + ".gz"
                    gzipSize = compressed.count
                    if try write(compressed, to: gzipPath!) { report.written.append(gzipPath!) }
                }
            }
            let integrity = "sha384-" + Data(SHA384.hash(data: bytes)).base64EncodedString()
            entries[path] = AssetManifest.Entry(path: fingerprinted, size: bytes.count, integrity: integrity, contentType: ContentType.of(path),
                                                sha256: sha256, gzip: gzipPath, gzipSize: gzipSize)
        }
        let manifest = AssetManifest(assets: entries)
        if try write([UInt8](manifest.encoded()), to: AssetManifest.fileName, replacing: true) {
            report.written.append(AssetManifest.fileName)
            report.manifestChanged = true
        }
        report.assets = entries.count
        return (manifest, report)
    }

    /// Every regular, non-hidden file under the source directory, as sorted relative paths.
    public func sourceFiles() throws -> [String] {
        let root = URL(fileURLWithPath: source)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else {
            throw AssetBuildError(file: source, line: nil, message: "cannot read the directory")
        }
        var paths: [String] = []
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            paths.append(String(url.standardizedFileURL.path.dropFirst(prefix.count)))
        }
        return paths.sorted()
    }

    /// Writes `bytes` to `path` under the output directory unless a file with the same content is
    /// there; returns whether it wrote.
    private func write(_ bytes: [UInt8], to path: String, replacing: Bool = false) throws -> Bool {
        let url = URL(fileURLWithPath: output).appendingPathComponent(path)
        if let existing = try? Data(contentsOf: url), existing.count == bytes.count, replacing ? existing.elementsEqual(bytes) : true {
            return false
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url, options: .atomic)
        return true
    }

    // MARK: Pure helpers

    /// `css/app.css` + `3f2a` → `css/app-3f2a.css`; `js/app.js.map` → `js/app-3f2a.js.map`.
    static func fingerprinted(_ path: String, hash: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let name = path[slash...]
        let dot = name.dropFirst().firstIndex(of: ".") ?? name.endIndex
        return String(path[..<dot]) + "-" + hash + String(path[dot...])
    }

    /// `../images/logo.svg` from `css/app.css` → `images/logo.svg`; nil when it leaves the root.
    static func resolve(_ reference: String, from file: String) -> String? {
        var parts = reference.hasPrefix("/") ? [] : file.split(separator: "/").dropLast().map(String.init)
        for part in reference.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if parts.popLast() == nil { return nil }
            default: parts.append(ReferenceDecoding.decode(String(part)))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// The path to `target` as written inside `file` (both relative to the root).
    static func relativePath(from file: String, to target: String) -> String {
        let from = file.split(separator: "/").dropLast()
        let to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[from.startIndex + common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }

    /// Files after the files they reference; a cycle is an error naming it.
    static func dependencyOrder(_ files: [String], references: [String: [String]], source: String) throws -> [String] {
        var order: [String] = []
        var state: [String: Bool] = [:]  // false: visiting, true: done
        func visit(_ file: String, _ path: [String]) throws {
            if state[file] == true { return }
            if state[file] == false {
                let cycle = path.drop { $0 != file } + [file]
                throw AssetBuildError(file: "\(source)/\(file)", line: nil, message: "reference cycle: \(cycle.joined(separator: " → "))")
            }
            state[file] = false
            for target in references[file] ?? [] { try visit(target, path + [file]) }
            state[file] = true
            order.append(file)
        }
        for file in files { try visit(file, []) }
        return order
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        var buffer = ByteBuffer(bytes: bytes)
        let compressed = try buffer.compress(with: .gzip(configuration: .init(compressionLevel: 9)))
        return Array(compressed.readableBytesView)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined()
    }
}

/// `%20` in a reference is a space in the file name.
enum ReferenceDecoding {
    static func decode(_ text: String) -> String { text.removingPercentEncoding ?? text }
}
