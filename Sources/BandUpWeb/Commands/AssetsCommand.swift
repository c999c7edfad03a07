import ArgumentParser
import AssetPipeline
import Foundation

/// `bandup assets`: the fingerprinted assets the CDN serves.
struct AssetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assets",
        abstract: "Build the fingerprinted assets and upload them for the CDN.",
        subcommands: [Build.self, Upload.self]
    )

    /// `bandup assets build`.
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fingerprint Public/ into the build directory and write manifest.json.",
            discussion: """
                References in CSS (url(), @import) and sourceMappingURL comments are rewritten to the \
                fingerprinted names; compressible files get a .gz copy when it is smaller. Files that \
                did not change are not written again.
                """
        )

        @Option(help: "The directory of source assets.") var source = "Public"
        @Option(help: "Where fingerprinted files and manifest.json go (git-ignored).") var output = ".build-assets"

        func run() async throws {
            let started = ContinuousClock.now
            do {
                let (_, report) = try AssetBuilder(source: source, output: output).build()
                let elapsed = ContinuousClock.now - started
                print("\(report.assets) assets (\(report.bytesRead) bytes) in \(elapsed.formatted(.units(allowed: [.milliseconds], width: .abbreviated))): "
                    + (report.written.isEmpty ? "nothing changed." : "\(report.written.count) files written to \(output)/."))
            } catch let error as AssetBuildError {
                throw ValidationError(error.description)
            }
        }
    }
}
