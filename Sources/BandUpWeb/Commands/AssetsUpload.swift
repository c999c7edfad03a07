import ArgumentParser
import AssetPipeline
import AWSSigning
import Foundation
import ObjectStorage
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension AssetsCommand {
    /// `bandup assets upload`.
    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload the built assets to the CDN's S3 bucket (the manifest last).",
            discussion: """
                Reads ASSETS_BUCKET, AWS_REGION (default us-east-1), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY \
                and AWS_SESSION_TOKEN (or an ECS task role's endpoint), and S3_ENDPOINT for S3-compatible services (path-style). Run \
                `bandup assets build` first. Deploy order: upload the assets, then roll out the app.
                """
        )

        @Option(help: "The build directory.") var directory = ".build-assets"
        @Option(help: "The bucket's folder for the assets: CloudFront sends /assets/* to the bucket unchanged.") var prefix = "assets/"
        @Option(help: "Uploads in flight at once.") var concurrency = 8
        @Flag(help: "Say what would be uploaded (and pruned) without changing the bucket.") var dryRun = false
        @Option(name: .customLong("prune-older-than"), help: "After uploading, delete files no manifest among the newest N references.")
        var pruneKeeping: Int?

        func validate() throws {
            guard prefix.isEmpty || (prefix.hasSuffix("/") && !prefix.hasPrefix("/") && !prefix.contains("//")) else {
                throw ValidationError("--prefix must be empty or a folder such as assets/")
            }
            guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 64") }
            if let pruneKeeping, pruneKeeping < 1 { throw ValidationError("--prune-older-than must be at least 1") }
        }

        func run() async throws {
            var uploader = AssetUploader(s3: try Self.client(ProcessInfo.processInfo.environment), directory: directory)
            uploader.concurrency = concurrency
            uploader.keyPrefix = prefix
            let started = ContinuousClock.now
            let meter = UploadMeter(terminal: isatty(STDOUT_FILENO) == 1)
            let report: AssetUploader.Report
            do {
                report = try await uploader.upload(dryRun: dryRun, planned: { meter.plan(files: $0, bytes: $1) },
                                                   progress: { meter.done(key: $0, bytes: $1) })
            } catch let error as AssetBuildError {
                throw ValidationError(error.description)
            }
            meter.finish()
            let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18 + Double((ContinuousClock.now - started).components.seconds)
            if dryRun {
                print("Dry run: would upload \(report.uploaded.count) files (\(UploadMeter.size(report.bytes))); \(report.skipped) unchanged.")
                report.uploaded.forEach { print("  \($0)") }
            } else {
                print("Uploaded \(report.uploaded.count) files (\(UploadMeter.size(report.bytes))), skipped \(report.skipped) unchanged, in \(String(format: "%.1f", seconds)) s.")
            }
            if let pruneKeeping {
                let deleted = try await uploader.prune(keep: pruneKeeping, dryRun: dryRun)
                print(dryRun ? "Would delete \(deleted.count) old files." : "Deleted \(deleted.count) old files.")
            }
        }

        static func client(_ environment: [String: String]) throws -> S3Client {
            guard let bucket = environment["ASSETS_BUCKET"], !bucket.isEmpty else { throw ValidationError("ASSETS_BUCKET is not set") }
            let found: (any AWSCredentialSource)?
            do { found = try AWSCredentialSettings.resolve { environment[$0] } } catch { throw ValidationError("\(error)") }
            guard let credentials = found else { throw ValidationError("no AWS credentials: \(AWSCredentialSettings.missing)") }
            var endpoint: URL?
            if let text = environment["S3_ENDPOINT"], !text.isEmpty {
                guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                    throw ValidationError("S3_ENDPOINT must be an http(s) URL, not '\(text)'")
                }
                endpoint = url
            }
            return S3Client(configuration: S3Configuration(bucket: bucket, region: environment["AWS_REGION"] ?? "us-east-1",
                                                           endpoint: endpoint, credentials: credentials))
        }
    }
}

/// Progress of an upload: a bar redrawn in place on a terminal, a line per file otherwise.
final class UploadMeter: Sendable {
    private struct State {
        var files = 0, bytes = 0, doneFiles = 0, doneBytes = 0
        let started = ContinuousClock.now
    }

    private let terminal: Bool
    private let state = Mutex(State())

    init(terminal: Bool) { self.terminal = terminal }

    func plan(files: Int, bytes: Int) { state.withLock { $0.files = files; $0.bytes = bytes } }

    func done(key: String, bytes: Int) {
        let line = state.withLock { state -> String in
            state.doneFiles += 1
            state.doneBytes += bytes
            guard terminal else { return "uploaded \(key) (\(Self.size(bytes)))\n" }
            let elapsed = max(0.001, Double((ContinuousClock.now - state.started).components.seconds) + Double((ContinuousClock.now - state.started).components.attoseconds) / 1e18)
            let rate = Double(state.doneBytes) / elapsed
            let fraction = state.bytes > 0 ? Double(state.doneBytes) / Double(state.bytes) : 1
            let filled = Int(fraction * 30)
            let eta = rate > 0 ? Int(Double(max(0, state.bytes - state.doneBytes)) / rate) : 0
            return "\r[" + String(repeating: "=", count: filled) + String(repeating: " ", count: 30 - filled) + "] "
                + "\(state.doneFiles)/\(state.files) files, \(Self.size(state.doneBytes)) of \(Self.size(state.bytes)), \(Self.size(Int(rate)))/s, ETA \(eta) s  "
        }
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    func finish() { if terminal { FileHandle.standardOutput.write(Data("\n".utf8)) } }

    static func size(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) B" : bytes < 1 << 20 ? String(format: "%.1f KB", Double(bytes) / 1024) : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
