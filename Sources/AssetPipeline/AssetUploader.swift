import AWSSigning
import Crypto
import Foundation
import ObjectStorage

/// `bandup assets upload`: puts the built assets in the CDN's bucket.
///
/// Only objects that are missing or differ (MD5 against the listed ETag) are uploaded, at most
/// `concurrency` at a time; fingerprinted files are cached for a year; the manifest goes **last**
/// (so a deploy never points at files that are not there yet), under `manifest.json` and a
/// versioned key in `manifests/`, which `prune` uses to keep the files of recent deploys. Every key
/// is under `keyPrefix` in the bucket (`assets/`: CloudFront sends `/assets/*` to the bucket as it is).
public struct AssetUploader: Sendable {
    public let s3: S3Client
    public let directory: String
    public var concurrency = 8
    /// Empty, or a folder of the bucket ending in `/`.
    public var keyPrefix = ""
    public static let immutable = "public, max-age=31536000, immutable"
    public static let manifestCache = "public, max-age=60"
    static let manifestsPrefix = "manifests/"

    public init(s3: S3Client, directory: String) {
        self.s3 = s3
        self.directory = directory
    }

    /// What an upload did (or, in a dry run, would do).
    public struct Report: Sendable, Equatable {
        public var uploaded: [String] = []
        public var skipped = 0
        public var bytes = 0
        public var deleted: [String] = []
    }

    /// Uploads what is missing or changed, then the manifest. `progress` hears each finished file.
    public func upload(dryRun: Bool = false, now: Date = Date(),
                       planned: @Sendable (_ files: Int, _ bytes: Int) -> Void = { _, _ in },
                       progress: @escaping @Sendable (_ key: String, _ bytes: Int) -> Void = { _, _ in }) async throws -> Report {
        let manifest = try AssetManifest.load(from: directory)
        let existing = Dictionary(try await listObjects().map { ($0.key, $0.etag) }, uniquingKeysWith: { a, _ in a })
        var report = Report()
        var pending: [(key: String, entry: AssetManifest.Entry)] = []
        for entry in manifest.assets.values.sorted(by: { $0.path < $1.path }) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(entry.path))
            if existing[entry.path] == Self.md5(bytes) { report.skipped += 1 } else { pending.append((entry.path, entry)) }
        }
        let manifestBytes = try manifest.encoded()
        let manifestChanged = existing[AssetManifest.fileName] != Self.md5(manifestBytes)
        planned(pending.count + (manifestChanged ? 1 : 0), pending.reduce(0) { $0 + $1.entry.size } + (manifestChanged ? manifestBytes.count : 0))
        if dryRun {
            report.uploaded = pending.map(\.key) + (manifestChanged ? [AssetManifest.fileName] : [])
            report.bytes = pending.reduce(0) { $0 + $1.entry.size }
            return report
        }
        // Bounded concurrency: at most `concurrency` uploads in flight.
        try await withThrowingTaskGroup(of: (String, Int).self) { group in
            var next = pending.makeIterator()
            func start() -> Bool {
                guard let item = next.next() else { return false }
                group.addTask {
                    let body = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(item.key)))
                    try await s3.putObject(keyPrefix + item.key, body: body, contentType: item.entry.contentType, cacheControl: Self.immutable)
                    return (item.key, body.count)
                }
                return true
            }
            for _ in 0..<concurrency where start() {}
            while let (key, size) = try await group.next() {
                report.uploaded.append(key)
                report.bytes += size
                progress(key, size)
                _ = start()
            }
        }
        if manifestChanged {
            let body = [UInt8](manifestBytes)
            let version = Self.manifestsPrefix + Self.stamp(now) + "-" + Self.md5(manifestBytes).prefix(12) + ".json"
            try await s3.putObject(keyPrefix + version, body: body, contentType: "application/json", cacheControl: Self.manifestCache)
            try await s3.putObject(keyPrefix + AssetManifest.fileName, body: body, contentType: "application/json", cacheControl: Self.manifestCache)
            report.uploaded += [version, AssetManifest.fileName]
            report.bytes += body.count * 2
            progress(AssetManifest.fileName, body.count)
        }
        return report
    }

    /// Deletes fingerprinted objects that none of the newest `keep` manifests reference (and
    /// manifests older than those).
    public func prune(keep: Int, dryRun: Bool = false) async throws -> [String] {
        precondition(keep >= 1)
        let objects = try await listObjects()
        let manifests = objects.map(\.key).filter { $0.hasPrefix(Self.manifestsPrefix) }.sorted()
        let kept = manifests.suffix(keep)
        var referenced = Set<String>()
        for key in kept {
            let manifest = try JSONDecoder().decode(AssetManifest.self, from: Data(try await s3.getObject(keyPrefix + key)))
            referenced.formUnion(manifest.assets.values.map(\.path))
        }
        let stale = objects.map(\.key).filter { key in
            key != AssetManifest.fileName && (key.hasPrefix(Self.manifestsPrefix) ? !kept.contains(key) : !referenced.contains(key))
        }.sorted()
        if !dryRun, !stale.isEmpty {
            let failed = try await s3.deleteObjects(stale.map { keyPrefix + $0 })
            guard failed.isEmpty else { throw S3Error(status: 0, code: "DeleteFailed", message: "could not delete \(failed.joined(separator: ", "))") }
        }
        return stale
    }

    /// The objects under the prefix, named without it.
    private func listObjects() async throws -> [S3Client.ObjectInfo] {
        try await s3.listObjects(prefix: keyPrefix).compactMap { object in
            guard object.key.hasPrefix(keyPrefix) else { return nil }
            return S3Client.ObjectInfo(key: String(object.key.dropFirst(keyPrefix.count)), size: object.size, etag: object.etag)
        }
    }

    static func md5(_ bytes: some DataProtocol) -> String {
        Insecure.MD5.hash(data: bytes).map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined()
    }

    /// `20261125T151700Z`: sorts by time (the SigV4 timestamp format).
    static func stamp(_ date: Date) -> String { SigV4Signer.timestamp(date) }
}
