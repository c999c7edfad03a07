import Feedback
import Foundation
import Logging

/// Card sets as queued jobs (kind "cards", on the same queue and event streams as feedback): the
/// generators for the set propose cards one by one (each published as an `item` event, so the
/// page shows them as they come), the proposals are stored once, and the stream ends with
/// `finished`.
public struct CardGenerationJobs: QueuedJobs {
    public let kind = "cards"
    public let generations: CardGenerations
    /// The generators for a set (the paid ones left out past the learner's daily limit).
    public let generators: @Sendable (CardGeneration) -> any CardGenerator
    let logger: Logger

    public init(generations: CardGenerations, logger: Logger = Logger(label: "bandup.worker"),
                generators: @escaping @Sendable (CardGeneration) -> any CardGenerator) {
        self.generations = generations
        self.generators = generators
        self.logger = logger
    }

    public var records: JobRecords { generations.records }

    public func finalEvent(of id: UUID) async throws -> JobEvent? { try await generations.finished(id)?.finalEvent }

    public func run(_ id: UUID, publish: @escaping @Sendable (JobEvent) async throws -> Void) async throws -> JobEvent? {
        guard let generation = try await generations.waiting(id) else { return nil }
        let generator = generators(generation)
        try await publish(.started(provider: generator.name))
        var proposals: [CardProposal] = [], provider = generator.name
        for try await event in generator.generate(generation.material) {
            switch event {
            case .status(let line): try await publish(.status(line))
            case .card(let card):
                proposals.append(card)
                let json = String(decoding: try JSONEncoder().encode(card), as: UTF8.self)
                try await publish(.item(json))
            case .done(let name, _): provider = name
            }
        }
        guard try await generations.complete(id, proposals: proposals, provider: provider) else { return nil }
        logger.info("cards proposed", metadata: ["set": "\(id)", "cards": "\(proposals.count)", "provider": "\(provider)"])
        return .finished(CardGenerations.summary(count: proposals.count, provider: provider))
    }

    public func fail(_ id: UUID, reason: String) async throws -> JobEvent? {
        let message = "We could not make these cards: \(reason)."
        return try await generations.fail(id, message: message) ? .failed(message) : nil
    }
}
