import AWSSigning
import AsyncHTTPClient
import Feedback
import Foundation
import ObjectStorage
import TestSupport
import Testing
@testable import BandUpWeb

/// Inside ECS there are no keys in the environment: BandUp signs S3 and Bedrock requests with the
/// task role's temporary credentials from the container credentials endpoint (the stand-in plays it;
/// its Bedrock checks the signature and that the session token is one it issued).
@Suite struct TaskRoleTests {
    static func endpoint(_ standIns: ServerProcess, lifetime: Int, token: String = "standin-container-token") -> [String: String] {
        ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(standIns.endpoint.absoluteString)/v2/credentials/\(lifetime)", "AWS_CONTAINER_AUTHORIZATION_TOKEN": token]
    }

    static func fetches(_ standIns: ServerProcess) async throws -> Int {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(standIns.endpoint.absoluteString)/_calls"), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 16)
        let calls = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Int]
        return calls?["credentials"] ?? 0
    }

    static func assess(_ standIns: ServerProcess, _ credentials: any AWSCredentialSource) async -> (any Error)? {
        let provider = BedrockProvider(modelID: "anthropic.claude-3-haiku-20240307-v1:0", region: "eu-west-2", credentials: credentials,
                                       endpoint: standIns.endpoint.absoluteString, http: .shared)
        let request = FeedbackRequest(task: .task2, promptTitle: "Transport", prompt: "Should governments spend more on public transport?",
                                      text: "Governments should invest in trains. Roads fill up again.")
        do {
            var finished = false
            for try await event in provider.assess(request) { if case .result = event { finished = true } }
            return finished ? nil : ContainerCredentialsError("no result")
        } catch {
            return error
        }
    }

    @Test func bedrockSignedWithTheTaskRoleKeptUntilItNearlyExpires() async throws {
        let standIns = try AIStandIns.start()
        let environment = Self.endpoint(standIns, lifetime: 3_600)
        let credentials = try #require(try AWSCredentialSettings.resolve { environment[$0] })
        #expect(await Self.assess(standIns, credentials) == nil)
        #expect(await Self.assess(standIns, credentials) == nil)
        #expect(try await Self.fetches(standIns) == 1, "an hour left: fetched once")
    }

    @Test func credentialsCloseToTheirExpirationAreRenewedBeforeUse() async throws {
        let standIns = try AIStandIns.start()
        let environment = Self.endpoint(standIns, lifetime: 240)  // inside the five-minute margin from the start
        let credentials = try #require(try AWSCredentialSettings.resolve { environment[$0] })
        #expect(await Self.assess(standIns, credentials) == nil)
        #expect(await Self.assess(standIns, credentials) == nil, "a new session token, and Bedrock accepts it")
        #expect(try await Self.fetches(standIns) == 2)
    }

    @Test func aRefusedTokenIsSaidPlainly() async throws {
        let standIns = try AIStandIns.start()
        let environment = Self.endpoint(standIns, lifetime: 3_600, token: "someone-elses-token")
        let credentials = try #require(try AWSCredentialSettings.resolve { environment[$0] })
        let error = await Self.assess(standIns, credentials)
        #expect("\(String(describing: error))".contains("the container credentials endpoint answered HTTP 401"), "\(String(describing: error))")
    }

    @Test func assetsUploadWithTheTaskRole() async throws {
        let standIns = try AIStandIns.start()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("task-role-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Public/css"), withIntermediateDirectories: true)
        try "body { color: #222; }".write(to: root.appendingPathComponent("Public/css/app.css"), atomically: true, encoding: .utf8)
        let built = try BandUpProcess.run(["assets", "build", "--source", root.appendingPathComponent("Public").path, "--output", root.appendingPathComponent("out").path])
        #expect(built.status == 0, "\(built.output)")

        let moto = try MotoServer()
        try await S3Client(configuration: S3Configuration(bucket: "cdn-assets", region: "us-east-1", endpoint: moto.endpoint,
                                                          credentials: AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing"))).createBucket()
        let environment = Self.endpoint(standIns, lifetime: 3_600).merging(["ASSETS_BUCKET": "cdn-assets", "S3_ENDPOINT": moto.endpoint.absoluteString]) { $1 }
        let upload = try BandUpProcess.run(["assets", "upload", "--directory", root.appendingPathComponent("out").path], environment: environment)
        #expect(upload.status == 0 && upload.output.contains("Uploaded 3 files"), "\(upload.output)")
        #expect(try await Self.fetches(standIns) == 1)
        // Under assets/, where CloudFront's /assets/* behaviour asks the bucket for them.
        let bucket = S3Client(configuration: S3Configuration(bucket: "cdn-assets", region: "us-east-1", endpoint: moto.endpoint,
                                                             credentials: AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")))
        #expect(try await bucket.listObjects().map(\.key).allSatisfy { $0.hasPrefix("assets/") })
        #expect(try await bucket.headObject("assets/manifest.json") != nil)

        let refused = try BandUpProcess.run(["assets", "upload", "--directory", root.appendingPathComponent("out").path],
                                            environment: environment.merging(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://10.0.0.9/creds"]) { $1 })
        #expect(refused.status != 0 && refused.output.contains("must be https, or http to loopback"), "\(refused.output)")
    }
}
