import AssetPipeline
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle

/// In development, rebuilds the assets when a file in `Public/` changes (checked every second,
/// on a thread of the thread pool), so an edited stylesheet shows on the next page load.
struct DevelopmentAssets: Service {
    let builder: AssetBuilder
    let catalog: AssetCatalog
    let logger: Logger

    func run() async throws {
        var stamp = try? await fingerprint()
        while !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: .seconds(1))
            guard let now = try? await fingerprint(), now != stamp else { continue }
            stamp = now
            do {
                let (manifest, report) = try await NIOThreadPool.singleton.runIfActive { try builder.build() }
                catalog.replace(with: manifest)
                logger.info("Rebuilt assets: \(report.written.count) files written")
            } catch {
                logger.error("Assets did not build: \(error)")
            }
        }
    }

    /// Names, sizes and modification times of Public/: cheap to compare.
    private func fingerprint() async throws -> [String] {
        try await NIOThreadPool.singleton.runIfActive {
            try builder.sourceFiles().map { path in
                let attributes = try FileManager.default.attributesOfItem(atPath: builder.source + "/" + path)
                return "\(path):\(attributes[.size] ?? 0):\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
            }
        }
    }
}
