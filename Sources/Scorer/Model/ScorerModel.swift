import Foundation
import Practice

/// The trained Writing scorer as `scripts/train-scorer` writes it (Resources/writing-scorer.json):
/// standardised linear models over `EssayFeatures`, one for the overall band and one for each
/// criterion, per task family, with the spread correction and the range's calibration measured
/// on essays the models did not train on, and the dev-split figures the page quotes.
public struct ScorerModel: Sendable, Decodable {
    /// A linear model on standardised features: `intercept + Σ weight·(x − mean)/scale`.
    public struct Linear: Sendable, Decodable {
        public let intercept: Double
        public let weights: [Double]
    }

    /// One task family's models ("task-1" or "task-2").
    public struct Family: Sendable, Decodable {
        public let mean: [Double]
        public let scale: [Double]
        public let overall: Linear
        /// By criterion group: "task", "coherence", "lexical", "grammar".
        public let criteria: [String: Linear]
        /// Estimates are stretched about `center` by `stretch` (ridge shrinks them towards the mean).
        public let center: Double
        public let stretch: Double
        /// Half-width of the 80% range: the conformal quantile of |band − estimate| out of fold, each
        /// essay weighted so that bands count as often as among learners (docs/scoring.md).
        public let rangeHalfWidth: Double
        /// What the dev split showed for this family alone.
        public let accuracy: Accuracy?
    }

    /// What the dev split showed, quoted on the page.
    public struct Accuracy: Sendable, Decodable {
        public let essays: Int
        public let mae: Double
        public let withinHalf: Double
        public let rangeCoverage: Double
    }

    public let version: String
    public let features: [String]
    public let families: [String: Family]
    public let accuracy: Accuracy
    public let level: Double

    /// The bundled model; nil only if the resource is missing or does not match the extractor.
    public static let bundled: ScorerModel? = {
        guard let url = Bundle.module.url(forResource: "writing-scorer", withExtension: "json"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? load(data)
    }()

    /// A model from its JSON; it must name exactly the features this extractor computes.
    public static func load(_ data: Data) throws -> ScorerModel {
        let model = try JSONDecoder().decode(ScorerModel.self, from: data)
        guard model.features == EssayFeatures.names else { throw ModelError("the model's features do not match this build's extractor") }
        for (name, family) in model.families {
            let count = model.features.count
            let sizes = [family.mean.count, family.scale.count, family.overall.weights.count] + family.criteria.values.map(\.weights.count)
            guard sizes.allSatisfy({ $0 == count }) else { throw ModelError("family \(name): \(sizes) weights for \(count) features") }
            guard Set(family.criteria.keys) == ["task", "coherence", "lexical", "grammar"] else { throw ModelError("family \(name) lacks a criterion") }
        }
        return model
    }

    public struct ModelError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    static func family(for task: FeedbackTask) -> String { task == .task2 ? "task-2" : "task-1" }

    /// The dev figures for `task`'s family, or for all essays when the file has none per family.
    public func accuracy(for task: FeedbackTask) -> Accuracy { families[Self.family(for: task)]?.accuracy ?? accuracy }

    /// The estimate for one essay's features.
    public func estimate(_ features: EssayFeatures) -> BandEstimate? {
        guard let family = families[Self.family(for: features.task)] else { return nil }
        let vector = features.vector
        func predict(_ linear: Linear) -> Double {
            var sum = linear.intercept
            for index in vector.indices where family.scale[index] > 0 {
                sum += linear.weights[index] * (vector[index] - family.mean[index]) / family.scale[index]
            }
            return family.center + (sum - family.center) * family.stretch
        }
        let overall = predict(family.overall)
        let groups = ["task", "coherence", "lexical", "grammar"].map { predict(family.criteria[$0]!) }
        return BandEstimate(raw: overall, criteria: groups, halfWidth: family.rangeHalfWidth)
    }
}
