import Foundation

/// A real S3 API for tests: `moto_server` (pip `moto[server]`, installed by scripts/test) on a
/// free loopback port.
public final class MotoServer: Sendable {
    private let server: ServerProcess

    public init() throws {
        server = try ServerProcess(["moto_server", "-H", "127.0.0.1", "-p", "{port}"],
                                   what: "moto_server (scripts/test installs it with pip)")
    }

    public var port: Int { server.port }
    public var endpoint: URL { server.endpoint }
}
