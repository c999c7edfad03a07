/// Providers in a configured order (for example Gemini, then the offline analyser): each is
/// retried with jittered exponential backoff on temporary failures (429, 5xx, network, timeouts)
/// as long as it has not yet streamed any text; then the next one is tried. A failure after
/// text was streamed ends the attempt (the queue retries the job from the start).
public struct ProviderChain: FeedbackProvider {
    public let providers: [any FeedbackProvider]
    public let attempts: Int
    public let baseDelay: Duration

    public var name: String { providers.map(\.name).joined(separator: ", then ") }

    public init(_ providers: [any FeedbackProvider], attempts: Int = 3, baseDelay: Duration = .milliseconds(500)) {
        self.providers = providers
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
    }

    public func assess(_ request: FeedbackRequest) -> AsyncThrowingStream<FeedbackEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var last: (any Error)?
                for (index, provider) in providers.enumerated() {
                    for attempt in 1...attempts {
                        var streamed = false
                        do {
                            for try await event in provider.assess(request) {
                                if case .text = event { streamed = true }
                                continuation.yield(event)
                            }
                            continuation.finish()
                            return
                        } catch {
                            last = error
                            let retryable = (error as? ProviderError)?.isRetryable ?? !(error is CancellationError)
                            if streamed || error is CancellationError { continuation.finish(throwing: error); return }
                            guard retryable, attempt < attempts else { break }
                            continuation.yield(.status("\(provider.name) is busy; trying again…"))
                            try? await Task.sleep(for: Self.delay(attempt: attempt, base: baseDelay))
                        }
                    }
                    if index + 1 < providers.count { continuation.yield(.status("Switching to \(providers[index + 1].name)…")) }
                }
                continuation.finish(throwing: last ?? ProviderError(.unavailable, "no provider is configured"))
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// base × 2^(attempt−1), with ±50% jitter so many workers do not retry in step.
    static func delay(attempt: Int, base: Duration) -> Duration {
        let scale = Double(1 << min(attempt - 1, 10)) * Double.random(in: 0.5...1.5)
        return base * scale
    }
}
