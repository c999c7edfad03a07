import Foundation
import Synchronization

/// The current manifest and where assets are served from, shared by the server and templates.
/// In development it is replaced when `Public/` changes.
public final class AssetCatalog: Sendable {
    private struct State {
        var manifest: AssetManifest
        var byPath: [String: AssetManifest.Entry]
        init(_ manifest: AssetManifest) {
            self.manifest = manifest
            byPath = manifest.byFingerprintedPath
        }
    }

    private let state: Mutex<State>
    /// The build directory the fingerprinted files are in.
    public let directory: String
    /// `https://cdn.example` or `/assets`: the prefix of every asset URL.
    public let baseURL: String

    public init(manifest: AssetManifest, directory: String, cdnBaseURL: String?) {
        state = Mutex(State(manifest))
        self.directory = directory
        baseURL = cdnBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "/assets"
    }

    public var current: AssetManifest { state.withLock { $0.manifest } }

    public func replace(with new: AssetManifest) { state.withLock { $0 = State(new) } }

    public func entry(_ logicalPath: String) -> AssetManifest.Entry? { state.withLock { $0.manifest.assets[logicalPath] } }

    /// The URL of a logical path (`css/app.css` → `/assets/css/app-3f2a….css`), or nil.
    public func url(_ logicalPath: String) -> String? {
        entry(logicalPath).map { "\(baseURL)/\($0.path)" }
    }

    /// The entry for a fingerprinted path requested under `/assets/`, or nil (also for anything
    /// not in the manifest, so no other file can ever be served).
    public func served(_ fingerprintedPath: String) -> AssetManifest.Entry? {
        state.withLock { $0.byPath[fingerprintedPath] }
    }
}
