import AWSSigning
import Foundation
import Synchronization
import Testing

/// Where signing keys come from: fixed keys, or the ECS task role's, renewed before they expire.
@Suite struct CredentialSourceTests {
    /// A clock the test moves and a fetch that counts its calls and hands out numbered keys.
    final class Endpoint: Sendable {
        let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let fetches = Atomic<Int>(0)
        let failing = Atomic<Bool>(false)
        let lifetime: TimeInterval

        init(lifetime: TimeInterval = 3_600) { self.lifetime = lifetime }

        func now() -> Date { clock.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { clock.withLock { $0 += seconds } }

        func fetch() async throws -> RefreshingCredentials.Expiring {
            try await Task.sleep(for: .milliseconds(20))  // long enough for callers to pile up
            if failing.load(ordering: .relaxed) { throw ContainerCredentialsError("endpoint down") }
            let number = fetches.add(1, ordering: .relaxed).newValue
            return .init(credentials: AWSCredentials(accessKeyID: "ASIA\(number)", secretAccessKey: "s\(number)", sessionToken: "t\(number)"),
                         expiration: now().addingTimeInterval(lifetime))
        }
    }

    @Test func keptUntilFiveMinutesBeforeTheyExpireThenRenewed() async throws {
        let endpoint = Endpoint()
        let source = RefreshingCredentials(now: { endpoint.now() }, fetch: { try await endpoint.fetch() })
        #expect(try await source.credentials().accessKeyID == "ASIA1")
        endpoint.advance(3_600 - 301)
        #expect(try await source.credentials().accessKeyID == "ASIA1", "still more than five minutes left")
        endpoint.advance(2)
        #expect(try await source.credentials().sessionToken == "t2", "renewed within five minutes of the expiration")
        #expect(endpoint.fetches.load(ordering: .relaxed) == 2)
    }

    @Test func concurrentCallersShareOneFetch() async throws {
        let endpoint = Endpoint()
        let source = RefreshingCredentials(now: { endpoint.now() }, fetch: { try await endpoint.fetch() })
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await source.credentials().accessKeyID } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys == ["ASIA1"] && endpoint.fetches.load(ordering: .relaxed) == 1)
    }

    @Test func anOutageOfTheEndpointKeepsKeysThatStillWork() async throws {
        let endpoint = Endpoint()
        let source = RefreshingCredentials(now: { endpoint.now() }, fetch: { try await endpoint.fetch() })
        _ = try await source.credentials()
        endpoint.failing.store(true, ordering: .relaxed)
        endpoint.advance(3_600 - 60)
        #expect(try await source.credentials().accessKeyID == "ASIA1", "a minute left: keep signing with them")
        endpoint.advance(120)
        await #expect(throws: ContainerCredentialsError("endpoint down")) { try await source.credentials() }
        endpoint.failing.store(false, ordering: .relaxed)
        #expect(try await source.credentials().accessKeyID == "ASIA2", "recovers with the endpoint")
    }

    @Test func fixedKeysAreTheirOwnSource() async throws {
        let keys = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret")
        let source: any AWSCredentialSource = keys
        #expect(try await source.credentials() == keys)
    }

    /// Environments and the endpoint each names (or the error it gets).
    static let environments: [([String: String], Result<ContainerCredentials?, ContainerCredentialsError>)] = [
        ([:], .success(nil)),
        (["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/9a1f"], .success(.init(url: "http://169.254.170.2/v2/credentials/9a1f", authorization: nil))),
        (["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/x", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "https://elsewhere/"],
         .success(.init(url: "http://169.254.170.2/v2/x", authorization: nil))),
        (["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "v2/x"], .failure(.init("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must start with /"))),
        (["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "tok"],
         .success(.init(url: "http://169.254.170.23/v1/credentials", authorization: "tok"))),
        (["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:51679/creds"], .success(.init(url: "http://127.0.0.1:51679/creds", authorization: nil))),
        (["AWS_CONTAINER_CREDENTIALS_FULL_URI": "https://credentials.example/role"], .success(.init(url: "https://credentials.example/role", authorization: nil))),
        (["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://credentials.example/role"],
         .failure(.init("AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to loopback or ECS's address (got http://credentials.example)"))),
        (["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1/x", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "a\r\nX-Injected: 1"],
         .failure(.init("the container authorization token must be one line"))),
        (["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1/x", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/token", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored"],
         .success(.init(url: "http://127.0.0.1/x", authorization: "from-the-file"))),
        (["AWS_CONTAINER_CREDENTIALS_FULL_URI": "not a url"], .failure(.init("AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: 'not a url'"))),
    ]

    @Test(arguments: environments) func theEndpointFromTheEnvironment(_ environment: [String: String],
                                                                       _ expected: Result<ContainerCredentials?, ContainerCredentialsError>) {
        let found = Result { try ContainerCredentials.from(environment: { environment[$0] }, readFile: { _ in "from-the-file\n" }) }
            .mapError { $0 as! ContainerCredentialsError }
        #expect(found == expected)
    }

    @Test func theEndpointsAnswer() throws {
        let answer = #"{"RoleArn":"arn:aws:iam::1:role/r","AccessKeyId":"ASIAX","SecretAccessKey":"sec","Token":"tok","Expiration":"2026-12-02T11:22:33Z"}"#
        let parsed = try ContainerCredentials.parse(Array(answer.utf8))
        #expect(parsed.credentials == AWSCredentials(accessKeyID: "ASIAX", secretAccessKey: "sec", sessionToken: "tok"))
        #expect(parsed.expiration == Date(timeIntervalSince1970: 1_796_210_553))
        for (body, words) in [("<html>", "did not answer JSON"), (#"{"AccessKeyId":"A","Expiration":"2026-12-02T11:22:33Z"}"#, "no AccessKeyId and SecretAccessKey"),
                              (#"{"AccessKeyId":"A","SecretAccessKey":"s","Expiration":"tomorrow"}"#, "no ISO 8601 Expiration")] {
            let error = #expect(throws: ContainerCredentialsError.self) { try ContainerCredentials.parse(Array(body.utf8)) }
            #expect(error?.description.contains(words) == true, "\(body)")
        }
    }
}
