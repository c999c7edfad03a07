import AWSSigning
import AsyncHTTPClient
import Foundation

/// Feedback from Amazon Bedrock's ConverseStream (``BedrockModel``), from the text alone.
public struct BedrockProvider: FeedbackProvider {
    public var name: String { model.name }
    public let model: BedrockModel

    public init(modelID: String, region: String, credentials: any AWSCredentialSource, endpoint: String? = nil,
                timeouts: ProviderTimeouts = ProviderTimeouts(), http: HTTPClient, now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(model: BedrockModel(modelID: modelID, region: region, credentials: credentials, endpoint: endpoint, timeouts: timeouts, http: http, now: now))
    }

    public init(model: BedrockModel) { self.model = model }

    public func assess(_ request: FeedbackRequest) -> AsyncThrowingStream<FeedbackEvent, any Error> {
        AssessmentPrompt.assess(request, with: model, recording: nil)
    }
}
