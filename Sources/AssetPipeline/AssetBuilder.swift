import CompressNIO
import Crypto
import Foundation
import NIOCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

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
        let known = Set(files)
        // Read every file and hash the ones without references, on all cores.
        let loaded = try Self.parallelMap(files) { path -> ([UInt8], String?) in
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source).appendingPathComponent(path)))
            let leaf = AssetReference.find(in: bytes, kind: ContentType.fileExtension(path)).isEmpty
            return (bytes, leaf ? Self.hex(SHA256.hash(data: bytes)) : nil)
        }
        var contents: [String: [UInt8]] = [:]
        var leafHashes: [String: String] = [:]
        var references: [String: [(AssetReference, String)]] = [:]
        for (path, (bytes, hash)) in zip(files, loaded) {
            report.bytesRead += bytes.count
            contents[path] = bytes
            if let hash { leafHashes[path] = hash }
            var resolved: [(AssetReference, String)] = []
            for reference in AssetReference.find(in: bytes, kind: ContentType.fileExtension(path)) where reference.isLocal {
                guard let target = Self.resolve(reference.pathPart, from: path), known.contains(target) else {
                    throw AssetBuildError(file: "\(source)/\(path)", line: reference.line,
                                          message: "'\(reference.target)' refers to a file that is not in \(source)/")
                }
                resolved.append((reference, target))
            }
            references[path] = resolved
        }
        let order = try Self.dependencyOrder(files, references: references.mapValues { $0.map(\.1) }, source: source)

        // In dependency order: rewrite references, hash, name. Then, for files that are new or
        // changed since the last manifest, write, compress and compute SRI on all cores.
        let previous = (try? AssetManifest.load(from: output))?.assets ?? [:]
        var entries: [String: AssetManifest.Entry] = [:]
        var jobs: [Job] = []
        var taken = Set(files)
        for path in order {
            var bytes = contents[path]!
            // Rewrite from the end so earlier ranges stay valid.
            for (reference, target) in references[path]!.sorted(by: { $0.0.range.lowerBound > $1.0.range.lowerBound }) {
                let relative = Self.relativePath(from: path, to: entries[target]?.path ?? Self.fingerprinted(target, hash: "")) + reference.suffix
                bytes.replaceSubrange(reference.range, with: Array(relative.utf8))
            }
            let sha256 = references[path]!.isEmpty ? leafHashes[path] ?? Self.hex(SHA256.hash(data: bytes)) : Self.hex(SHA256.hash(data: bytes))
            var fingerprinted = Self.fingerprinted(path, hash: String(sha256.prefix(12)))
            if taken.contains(fingerprinted) { fingerprinted = Self.fingerprinted(path, hash: sha256) }  // collision: the full hash
            taken.insert(fingerprinted)
            if let old = previous[path], old.sha256 == sha256, old.path == fingerprinted, exists(fingerprinted, size: bytes.count),
               old.seconds != nil || !Self.isMP3(path) {
                entries[path] = old
            } else {
                // A placeholder with the final name, so files that reference this one can be rewritten now.
                entries[path] = AssetManifest.Entry(path: fingerprinted, size: bytes.count, integrity: "", contentType: "", sha256: sha256, gzip: nil, gzipSize: nil)
                jobs.append(Job(path: path, bytes: bytes, fingerprinted: fingerprinted, sha256: sha256))
            }
        }
        for (path, entry, written) in try finish(jobs) {
            entries[path] = entry
            report.written += written
        }
        report.written.sort()
        let manifest = AssetManifest(assets: entries)
        if try write([UInt8](manifest.encoded()), to: AssetManifest.fileName, replacing: true) {
            report.written.append(AssetManifest.fileName)
            report.manifestChanged = true
        }
        report.assets = entries.count
        return (manifest, report)
    }

    static func isMP3(_ path: String) -> Bool { ContentType.of(path) == "audio/mpeg" }

    struct Job: Sendable {
        let path: String
        let bytes: [UInt8]
        let fingerprinted: String
        let sha256: String
    }

    /// Writes each job's file (and a smaller gzip copy) and computes its SRI hash, in parallel.
    private func finish(_ jobs: [Job]) throws -> [(String, AssetManifest.Entry, [String])] {
        let results = Mutex<[(String, AssetManifest.Entry, [String])]>([])
        let failure = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let job = jobs[index]
            do {
                var written: [String] = []
                if try write(job.bytes, to: job.fingerprinted) { written.append(job.fingerprinted) }
                var gzipPath: String?
                var gzipSize: Int?
                if ContentType.isCompressible(job.path), job.bytes.count > 256 {
                    let compressed = try Self.gzip(job.bytes)
                    if compressed.count < job.bytes.count * 9 / 10 {
                        gzipPath = job.fingerprinted + ".gz"
                        gzipSize = compressed.count
                        if try write(compressed, to: gzipPath!) { written.append(gzipPath!) }
                    }
                }
                let integrity = "sha384-" + Data(SHA384.hash(data: job.bytes)).base64EncodedString()
                let entry = AssetManifest.Entry(path: job.fingerprinted, size: job.bytes.count, integrity: integrity,
                                                contentType: ContentType.of(job.path), sha256: job.sha256, gzip: gzipPath, gzipSize: gzipSize,
                                                seconds: Self.isMP3(job.path) ? MP3Duration.seconds(of: job.bytes) : nil)
                results.withLock { $0.append((job.path, entry, written)) }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return results.withLock { $0 }
    }

    /// `transform` over `items` on all cores, results in order; the first error is thrown.
    static func parallelMap<T, R: Sendable>(_ items: [T], _ transform: @Sendable (T) throws -> R) throws -> [R] where T: Sendable {
        let results = Mutex<[Int: R]>([:])
        let failure = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            do {
                let value = try transform(items[index])
                results.withLock { $0[index] = value }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return results.withLock { stored in (0..<items.count).map { stored[$0]! } }
    }

    private func exists(_ path: String, size: Int) -> Bool {
        var info = stat()
        return stat(output + "/" + path, &info) == 0 && Int(info.st_size) == size
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
    /// there; returns whether it wrote. Fingerprinted names are content-addressed, so for them a
    /// file of the right size is the right file (a torn write has the wrong size and is redone);
    /// the manifest is compared whole and replaced atomically.
    private func write(_ bytes: [UInt8], to path: String, replacing: Bool = false) throws -> Bool {
        let full = output + "/" + path
        if replacing {
            if let existing = try? Data(contentsOf: URL(fileURLWithPath: full)), existing.elementsEqual(bytes) { return false }
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: full), options: .atomic)
            return true
        }
        if exists(path, size: bytes.count) { return false }
        let directory = String(full[..<full.lastIndex(of: "/")!])
        if access(directory, F_OK) != 0 { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw AssetBuildError(file: full, line: nil, message: "cannot write (errno \(errno))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            guard count > 0 else { throw AssetBuildError(file: full, line: nil, message: "cannot write (errno \(errno))") }
            offset += count
        }
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
            default: parts.append(part.removingPercentEncoding ?? String(part))  // `%20` is a space in the file name
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
        let compressed = try buffer.compress(with: .gzip(configuration: .init(compressionLevel: 6)))
        return Array(compressed.readableBytesView)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined()
    }
}
