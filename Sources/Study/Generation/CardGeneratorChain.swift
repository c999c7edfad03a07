import Feedback

/// Generators tried in order (a model, then the offline generator): the next one takes over when
/// one fails before proposing any card; a failure after cards have been shown is the job's.
public struct CardGeneratorChain: CardGenerator {
    public let generators: [any CardGenerator]

    public init(_ generators: [any CardGenerator]) { self.generators = generators }

    public var name: String { generators.map(\.name).joined(separator: ", then ") }

    public func generate(_ material: CardMaterial) -> AsyncThrowingStream<CardEvent, any Error> {
        let generators = generators
        return AsyncThrowingStream { continuation in
            let task = Task {
                var lastError: (any Error)?
                for (index, generator) in generators.enumerated() {
                    var proposed = false
                    do {
                        for try await event in generator.generate(material) {
                            if case .card = event { proposed = true }
                            continuation.yield(event)
                        }
                        continuation.finish()
                        return
                    } catch is CancellationError {
                        continuation.finish(throwing: CancellationError())
                        return
                    } catch {
                        lastError = error
                        if proposed || index == generators.count - 1 { break }
                        continuation.yield(.status("\(generator.name.capitalized) is not available; \(generators[index + 1].name) takes over."))
                    }
                }
                continuation.finish(throwing: lastError ?? ProviderError(.unavailable, "no card generator is configured"))
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
