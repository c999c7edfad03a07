import Foundation
import Practice
import Testing
import TestSupport
@testable import Scorer

/// The model file: loading (and refusing a file that does not match the extractor), the
/// arithmetic of a prediction, the range, and criterion bands consistent with the band.
@Suite struct ScorerModelTests {
    /// A model with one non-zero weight per family, so the prediction can be worked out by hand.
    static func fixture(stretch: Double = 1, halfWidth: Double = 0.6, features: [String] = EssayFeatures.names) -> Data {
        let count = features.count
        let words = features.firstIndex(of: "words") ?? 0
        var weights = [Double](repeating: 0, count: count)
        weights[words] = 0.5
        let linear: [String: Any] = ["intercept": 6.0, "weights": weights]
        let family: [String: Any] = ["mean": [Double](repeating: 250, count: count), "scale": [Double](repeating: 100, count: count),
                                     "overall": linear, "criteria": ["task": linear, "coherence": linear, "lexical": linear, "grammar": linear],
                                     "center": 6.0, "stretch": stretch, "rangeHalfWidth": halfWidth]
        let model: [String: Any] = ["version": "fixture", "features": features, "level": 0.8, "families": ["task-1": family, "task-2": family],
                                    "accuracy": ["essays": 100, "mae": 0.7, "withinHalf": 0.6, "rangeCoverage": 0.8]]
        return try! JSONSerialization.data(withJSONObject: model)
    }

    @Test func aPredictionIsTheModelsArithmetic() throws {
        let model = try ScorerModel.load(Self.fixture(stretch: 1.5))
        let features = EssayFeatures(task: .task2, prompt: FeedbackFixture.promptText, essay: FeedbackFixture.essay)
        let words = try #require(features.values["words"])
        let estimate = try #require(model.estimate(features))
        // 6 + 1.5 × (0.5 × (words − 250) / 100)
        #expect(abs(estimate.raw - (6 + 1.5 * 0.5 * (words - 250) / 100)) < 1e-9)
        #expect(estimate.band == BandEstimate.halfBand(estimate.raw))
        #expect(estimate.low <= estimate.band && estimate.band <= estimate.high)
    }

    @Test func aFileWithoutFamilyFiguresQuotesTheWholeSplit() throws {
        let model = try ScorerModel.load(Self.fixture())
        #expect(model.accuracy(for: .task2).essays == 100 && model.accuracy(for: .academicTask1).withinHalf == 0.6)
    }

    @Test func aModelForAnotherExtractorIsRefused() {
        #expect(throws: ScorerModel.ModelError.self) { try ScorerModel.load(Self.fixture(features: Array(EssayFeatures.names.dropLast()))) }
    }

    @Test func theBundledModelLoadsAndScoresTheFixtureEssay() throws {
        let model = try #require(ScorerModel.bundled, "Resources/writing-scorer.json matches the extractor")
        #expect(model.families.keys.sorted() == ["task-1", "task-2"] && model.level == 0.8)
        #expect(model.accuracy.essays >= 200 && (0.7...0.9).contains(model.accuracy.rangeCoverage))
        // Each family's dev figures are its own, and together they are the whole dev split.
        let task1 = model.accuracy(for: .academicTask1), task2 = model.accuracy(for: .task2)
        #expect(task1.essays + task2.essays == model.accuracy.essays && task1.essays > 50 && task2.essays > 50)
        #expect(model.accuracy(for: .generalTask1).essays == task1.essays)
        let estimate = try #require(model.estimate(EssayFeatures(task: .task2, prompt: FeedbackFixture.promptText, essay: FeedbackFixture.essay)))
        #expect((5...8.5).contains(estimate.band) && estimate.low < estimate.high, "\(estimate)")
        // A shorter, misspelt version of the same essay scores lower.
        let worse = FeedbackFixture.essay.split(separator: "\n\n").prefix(3).joined(separator: "\n\n")
            .replacingOccurrences(of: "government", with: "goverment").replacingOccurrences(of: "because", with: "becuase")
            .replacingOccurrences(of: "people", with: "peple").replacingOccurrences(of: "traffic", with: "trafic")
        let lower = try #require(model.estimate(EssayFeatures(task: .task2, prompt: FeedbackFixture.promptText, essay: worse)))
        #expect(lower.raw < estimate.raw, "\(lower) vs \(estimate)")
    }

    /// Raw estimate, half-width, the band and range shown.
    static let ranges: [(Double, Double, String)] = [
        (6.4, 0.6, "Band 6.5 (likely 6.0-7.0)"), (6.6, 0.55, "Band 6.5 (likely 6.5-7.0)"), (8.9, 1.2, "Band 9.0 (likely 8.0-9.0)"),
        (1.2, 1.0, "Band 1.0 (likely 1.0-2.0)"), (5.0, 0.2, "Band 5.0"), (7.26, 1.1, "Band 7.5 (likely 6.5-8.0)"),
    ]

    @Test(arguments: ranges) func theRangeIsInHalfBandsAroundTheBand(_ raw: Double, _ halfWidth: Double, _ shown: String) {
        let estimate = BandEstimate(raw: raw, criteria: [raw, raw, raw, raw], halfWidth: halfWidth)
        #expect(estimate.description == shown)
    }

    @Test func criterionBandsAlwaysRoundToTheBand() {
        var random = SplitMix64(state: 16)
        for _ in 0..<2_000 {
            let raw = 1 + Double(random.next() % 8000) / 1000
            let criteria = (0..<4).map { _ in raw + Double(Int(random.next() % 3000) - 1500) / 1000 }
            let estimate = BandEstimate(raw: raw, criteria: criteria, halfWidth: 1)
            let rounded = BandScore.overall(estimate.criteria.compactMap(BandScore.init))?.value
            #expect(rounded == estimate.band && estimate.criteria.allSatisfy { (1...9).contains($0) }, "\(raw) \(criteria) → \(estimate.criteria)")
        }
    }
}
