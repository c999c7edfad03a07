import AssetPipeline
import Content
import Foundation
import Hummingbird
import Synchronization

/// Practice tests parsed once per revision (an attempt reads the revision it started on), with
/// their media resolved through the asset catalog.
final class ParsedTests: Sendable {
    private let entries = Mutex<[String: PracticeTest]>([:])
    let backends: Backends
    let assets: AssetCatalog

    init(backends: Backends, assets: AssetCatalog) {
        self.backends = backends
        self.assets = assets
    }

    func test(id: Int64, revision: Int) async throws -> PracticeTest {
        let key = "\(id)/\(revision)"
        if let test = entries.withLock({ $0[key] }) { return test }
        let library = TestLibrary(client: backends.postgres)
        guard let source = try await backends.database({ _ in try await library.source(testID: id, revision: revision) }) else {
            throw HTTPError(.notFound)
        }
        let resolver = LessonMedia.Resolver(assets: assets)
        let test = try PracticeTest.parse(source, file: "test-\(id).md", renderer: MarkdownRenderer(resolveMedia: { resolver.resolve($0) }))
        entries.withLock { $0[key] = test }
        return test
    }
}
