import AssetPipeline
import Content
import Foundation
import Hummingbird
import Practice
import Synchronization

/// Practice tests parsed once per revision (an attempt reads the revision it started on), with
/// their media resolved through the asset catalog.
final class ParsedTests: Sendable {
    private let entries = Mutex<[String: PracticeTest]>([:])
    let backends: Backends
    let assets: AssetCatalog
    /// The pause before each Listening part in exam mode.
    let readingSeconds: Double

    init(backends: Backends, assets: AssetCatalog, readingSeconds: Double = 30) {
        self.backends = backends
        self.assets = assets
        self.readingSeconds = readingSeconds
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

    /// An exam-mode Listening test's one recording: each part's length from the asset manifest
    /// (`bandup assets build` reads the MP3s), or an even share of the test's minutes when a
    /// length is unknown. Nil for Reading.
    func timeline(_ test: PracticeTest) -> ListeningTimeline? {
        guard test.kind == .listening else { return nil }
        let clips = test.sections.compactMap(\.audio)
        guard !clips.isEmpty else { return nil }
        let share = Double(test.minutes * 60) / Double(clips.count)
        return ListeningTimeline(parts: clips.map { assets.entry($0.path)?.seconds ?? share }, readingSeconds: readingSeconds)
    }
}
