import AsyncHTTPClient
import NIOCore
import Synchronization

/// The HTTP clients that talk to Gemini and Bedrock: one per connect timeout, for the life of
/// the process (like `HTTPClient.shared`, never shut down), so a provider that cannot be reached
/// fails within ``ProviderTimeouts/connect`` rather than the client's default.
public enum ProviderHTTP {
    private static let clients = Mutex<[Int64: HTTPClient]>([:])

    /// The client whose connections give up after `connect`.
    public static func client(connect: Duration) -> HTTPClient {
        let milliseconds = max(1, connect.components.seconds * 1000 + connect.components.attoseconds / 1_000_000_000_000_000)
        return clients.withLock { clients in
            if let client = clients[milliseconds] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.timeout.connect = .milliseconds(milliseconds)
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[milliseconds] = client
            return client
        }
    }
}
