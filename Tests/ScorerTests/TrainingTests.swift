import Foundation
import Testing
import TestSupport
@testable import Scorer

/// scripts/train-scorer is reproducible: run again on the rated essays, with the extractor of this
/// build, it writes the model that is bundled (same version, same dev figures, same weights).
@Suite struct TrainingTests {
    @Test func retrainingGivesTheBundledModel() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("model.json"), dev = directory.appendingPathComponent("dev.csv")
        let run = try await PythonScript.runAside("scripts/train-scorer", ["--bandup", BandUpProcess.executable.path, "--out", out.path, "--dev-csv", dev.path])
        #expect(run.status == 0, "\(run.output)")
        let bundledURL = BandUpProcess.repositoryRoot.appendingPathComponent("Sources/Scorer/Resources/writing-scorer.json")
        let trained = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let bundled = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: bundledURL)) as? [String: Any])
        #expect(trained["version"] as? String == bundled["version"] as? String)
        #expect(trained["features"] as? [String] == EssayFeatures.names)
        #expect(NSDictionary(dictionary: trained["accuracy"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: bundled["accuracy"] as? [String: Any] ?? [:]))
        let a = Self.numbers(trained["families"]), b = Self.numbers(bundled["families"])
        #expect(a.count == b.count && a.count > 400)
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }, "the weights differ")
        let rows = try String(contentsOf: dev, encoding: .utf8)
        #expect(rows.hasPrefix("id,task,prompt,essay,band"))
    }

    /// Every number in a JSON value, in a fixed order (keys sorted).
    static func numbers(_ value: Any?) -> [Double] {
        switch value {
        case let number as NSNumber: [number.doubleValue]
        case let array as [Any]: array.flatMap(numbers)
        case let object as [String: Any]: object.keys.sorted().flatMap { numbers(object[$0]) }
        default: []
        }
    }
}
