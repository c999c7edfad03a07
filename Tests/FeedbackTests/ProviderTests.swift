import Practice
import AWSSigning
import AsyncHTTPClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
@testable import Feedback

/// Gemini and Bedrock providers against stand-ins that speak the real wire formats (proved by
/// the official clients first), including every failure BandUp must survive.
@Suite(.serialized) struct ProviderTests {
    static let request = FeedbackRequest(task: .task2, promptTitle: "Transport", prompt: "Should governments spend more on public transport?",
                                         text: "Governments should invest in trains. Roads fill up again.")

    static func collect(_ provider: any FeedbackProvider, _ request: FeedbackRequest = request) async -> (text: String, result: FeedbackResult?, error: (any Error)?) {
        var text = "", result: FeedbackResult?
        do {
            for try await event in provider.assess(request) {
                switch event {
                case .text(let piece): text += piece
                case .result(let final): result = final
                case .status: break
                }
            }
            return (text, result, nil)
        } catch {
            return (text, result, error)
        }
    }

    static func gemini(_ server: ServerProcess, key: String = "test-key", timeouts: ProviderTimeouts = ProviderTimeouts()) -> GeminiProvider {
        GeminiProvider(apiKey: key, baseURL: server.endpoint.absoluteString, timeouts: timeouts, http: .shared)
    }

    static func bedrock(_ server: ServerProcess, model: String = "anthropic.claude-3-haiku-20240307-v1:0", secret: String = AIStandIns.secretAccessKey,
                        timeouts: ProviderTimeouts = ProviderTimeouts()) -> BedrockProvider {
        BedrockProvider(modelID: model, region: "eu-west-2", credentials: AWSCredentials(accessKeyID: AIStandIns.accessKeyID, secretAccessKey: secret),
                        endpoint: server.endpoint.absoluteString, timeouts: timeouts, http: .shared)
    }

    @Test func theStandInsSpeakTheRealFormats() async throws {
        let server = try AIStandIns.start()
        let (status, printed) = try await PythonScript.runAside("Tests/StandIns/prove_standins.py", [server.endpoint.absoluteString])
        #expect(status == 0, "\(printed)")
        #expect(printed.contains("ok - boto3 rejects the stand-in's damaged frame") && printed.contains("ok - google-genai reads the stand-in's 429"), "\(printed)")
    }

    @Test func geminiStreamsTextAndAResult() async throws {
        let server = try AIStandIns.start()
        let (text, result, error) = await Self.collect(Self.gemini(server))
        #expect(error == nil, "\(String(describing: error))")
        // Only the prose streams, its JSON escapes decoded (a surrogate pair included); the bands come after.
        #expect(text.hasPrefix("Task Response: you answer the question") && text.contains("varied \u{2014} \"however\"")
                && text.contains("position \u{1F44D}\nWhat to do next") && !text.contains("criteria"), "\(text)")
        #expect(result?.provider == "gemini" && result?.isEstimate == false && result?.usage == TokenUsage(input: 412, output: 301))
        #expect(result?.criteria.map(\.criterion) == FeedbackTask.task2.criteria && result?.band == 6.5)
        // The stand-in invents a second quotation: only the one really in the essay is kept.
        #expect(result?.annotations.map(\.sentence) == ["Governments should invest in trains."])
        // Evidence for a band too: a quotation from the essay is kept, an invented one dropped.
        #expect(result?.criteria.map(\.evidence) == ["Governments should invest in trains.", nil, nil, nil], "\(String(describing: result?.criteria))")
    }

    @Test func thePromptCarriesTheDescriptorsAndAsksForEvidence() {
        let system = AssessmentPrompt.system(for: .task2, hasAudio: false)
        #expect(system.contains("7: all parts addressed, a clear position throughout") && system.contains("8: a wide range, the majority of sentences error-free"))
        #expect(system.contains("as evidence a few words copied exactly from the learner's text") && !system.contains("Pronunciation:"))
        let schema = AssessmentPrompt.schema(criteria: FeedbackTask.task2.criteria).jsonSchema
        let band = ((schema["properties"] as? [String: Any])?["criteria"] as? [String: Any])?["items"] as? [String: Any]
        #expect((band?["required"] as? [String]) == ["criterion", "band", "comment", "evidence"])
    }

    /// A Gemini key naming a scenario, and the error kind and words BandUp reports.
    static let geminiFailureCases: [(String, ProviderError.Kind, String)] = [
        ("scenario-bad-request", .rejected, "API key not valid"),
        ("scenario-throttled", .unavailable, "HTTP 429"),
        ("scenario-unavailable", .unavailable, "overloaded"),
        ("scenario-disconnect", .malformed, "ended before it finished"),
        ("scenario-malformed", .malformed, "not JSON"),
        ("scenario-no-finish", .malformed, "ended before it finished"),
        ("scenario-odd-band", .malformed, "not a half band"),
    ]

    @Test(arguments: geminiFailureCases) func geminiFailures(_ key: String, _ kind: ProviderError.Kind, _ words: String) async throws {
        let server = try AIStandIns.start()
        let (_, result, error) = await Self.collect(Self.gemini(server, key: key))
        let failure = try #require(error as? ProviderError, "\(String(describing: error))")
        #expect(result == nil && failure.kind == kind && failure.message.contains(words), "\(failure)")
    }

    @Test func aLateFirstTokenTimesOut() async throws {
        let server = try AIStandIns.start()
        // A total limit far from the first token's, so a loaded machine's seconds cannot blur the two.
        let timeouts = ProviderTimeouts(connect: .seconds(2), firstToken: .seconds(1), total: .seconds(60))
        for provider in [Self.gemini(server, key: "scenario-slow-first", timeouts: timeouts) as any FeedbackProvider,
                         Self.bedrock(server, model: "standin.scenario-slow-first", timeouts: timeouts)] {
            let started = ContinuousClock.now
            let (_, _, error) = await Self.collect(provider)
            #expect((error as? ProviderError)?.message.contains("no answer within 1.0 seconds") == true, "\(String(describing: error))")
            #expect(ContinuousClock.now - started < .seconds(30), "well before the 60 s total limit")
        }
    }

    /// A provider whose address accepts no connection (a listener whose queue is full drops new
    /// connection attempts, so they hang) gives up after the connect timeout, not the client's default.
    @Test func anUnreachableProviderFailsWithinTheConnectTimeout() async throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try #require(withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } } == 0)
        try #require(listen(listener, 0) == 0)
        try #require(withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } } == 0)
        // Fill the accept queue with connections nobody accepts.
        var fillers: [Int32] = []
        defer { fillers.forEach { close($0) } }
        for _ in 0..<4 {
            let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) } }
            fillers.append(filler)
        }
        try await Task.sleep(for: .milliseconds(300))
        let port = Int(UInt16(bigEndian: address.sin_port))
        let timeouts = ProviderTimeouts(connect: .seconds(1), firstToken: .seconds(20), total: .seconds(30))
        let provider = GeminiProvider(apiKey: "k", baseURL: "http://127.0.0.1:\(port)", timeouts: timeouts, http: ProviderHTTP.client(connect: timeouts.connect))
        let started = ContinuousClock.now
        let (_, _, error) = await Self.collect(provider)
        #expect((error as? ProviderError)?.kind == .unavailable, "\(String(describing: error))")
        #expect(ContinuousClock.now - started < .seconds(8), "gave up after \(ContinuousClock.now - started), well before the client's default 10 s")
    }

    @Test func bedrockStreamsTextAndAResultWithAValidSignature() async throws {
        let server = try AIStandIns.start()
        let (text, result, error) = await Self.collect(Self.bedrock(server))
        #expect(error == nil, "\(String(describing: error))")
        #expect(text.hasPrefix("Task Response") && text.contains("\u{1F44D}") && !text.contains("criteria"), "\(text)")
        #expect(result?.provider == "bedrock" && result?.band == 6.5 && result?.usage == TokenUsage(input: 412, output: 301))
        #expect(result?.annotations.map(\.sentence) == ["Governments should invest in trains."])
    }

    /// A Bedrock model id naming a scenario (or a wrong secret), and what BandUp reports.
    static let bedrockFailureCases: [(String, String, ProviderError.Kind, String)] = [
        ("m", "wrong-secret", .rejected, "signature we calculated does not match"),
        ("standin.scenario-bad-request", AIStandIns.secretAccessKey, .rejected, "model identifier is invalid"),
        ("standin.scenario-throttled", AIStandIns.secretAccessKey, .unavailable, "HTTP 429"),
        ("standin.scenario-exception", AIStandIns.secretAccessKey, .unavailable, "throttlingException"),
        ("standin.scenario-bad-crc", AIStandIns.secretAccessKey, .malformed, "damaged"),
        ("standin.scenario-disconnect", AIStandIns.secretAccessKey, .malformed, "ended before it finished"),
        ("standin.scenario-odd-band", AIStandIns.secretAccessKey, .malformed, "not a half band"),
    ]

    @Test(arguments: bedrockFailureCases) func bedrockFailures(_ model: String, _ secret: String, _ kind: ProviderError.Kind, _ words: String) async throws {
        let server = try AIStandIns.start()
        let (_, result, error) = await Self.collect(Self.bedrock(server, model: model, secret: secret))
        let failure = try #require(error as? ProviderError, "\(String(describing: error))")
        #expect(result == nil && failure.kind == kind && failure.message.contains(words), "\(failure)")
    }

    @Test func theChainRetriesThenFallsBack() async throws {
        let server = try AIStandIns.start()
        // Two 503s, then an answer: retried with backoff, no text lost.
        let flaky = ProviderChain([Self.gemini(server, key: "scenario-flaky-2")], attempts: 3, baseDelay: .milliseconds(20))
        let (_, retried, error) = await Self.collect(flaky)
        #expect(error == nil && retried?.provider == "gemini", "\(String(describing: error))")
        // Always unavailable: the offline analyser answers instead.
        let fallback = ProviderChain([Self.gemini(server, key: "scenario-unavailable"), OfflineAnalyser()], attempts: 2, baseDelay: .milliseconds(10))
        let (_, offline, failure) = await Self.collect(fallback)
        #expect(failure == nil && offline?.provider == "offline" && offline?.isEstimate == true)
        // A rejected request is not retried.
        let rejected = ProviderChain([Self.gemini(server, key: "scenario-bad-request")], attempts: 3, baseDelay: .milliseconds(10))
        #expect((await Self.collect(rejected).error as? ProviderError)?.kind == .rejected)
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: server.endpoint.appendingPathComponent("_calls").absoluteString), timeout: .seconds(5))
        let calls = try JSONDecoder().decode([String: Int].self, from: Data(buffer: try await response.body.collect(upTo: 1 << 16)))
        #expect(calls["flaky-2"] == 3 && calls["unavailable"] == 2 && calls["bad-request"] == 1, "\(calls)")
    }
}
