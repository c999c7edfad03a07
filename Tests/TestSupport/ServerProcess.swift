import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A helper server for tests (moto_server, the AI stand-ins) started as a child process on a free
/// loopback port and killed when the test lets go of it.
public final class ServerProcess: @unchecked Sendable {
    public let port: Int
    private let process: Spawned

    /// Runs `arguments` (the `{port}` placeholder is replaced) and waits until the port accepts connections.
    public init(_ arguments: [String], what: String, environment: [String: String] = [:], port: Int? = nil) throws {
        let port = port ?? LoopbackPort.free()
        self.port = port
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        process = try Spawned("/usr/bin/env", arguments.map { $0.replacingOccurrences(of: "{port}", with: String(port)) },
                              environment: variables)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if LoopbackPort.accepts(self.port) { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        throw Unavailable(message: "\(what) did not start on port \(self.port)")
    }

    deinit {
        if process.isRunning { process.killAndWait() }
    }

    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    struct Unavailable: Error, CustomStringConvertible { let message: String; var description: String { message } }
}

/// Stand-ins for Gemini and Bedrock (`Tests/StandIns/ai_standins.py`) speaking their real wire formats.
public enum AIStandIns {
    public static let script = BandUpProcess.repositoryRoot.appendingPathComponent("Tests/StandIns/ai_standins.py").path
    /// The credentials the Bedrock stand-in verifies signatures with.
    public static let accessKeyID = "AKIDSTANDIN", secretAccessKey = "standin-secret-key"

    public static func start() throws -> ServerProcess {
        try ServerProcess(["python3", script, "{port}"], what: "the AI stand-ins (pip boto3 is needed for signature checks)")
    }
}

/// A stand-in OpenID Connect provider speaking Google's protocol (`Tests/StandIns/oidc_provider.py`):
/// discovery, JWKS, authorization with PKCE, the token endpoint, and test controls that make its
/// next ID token a forgery (`POST /test/forge`), count requests (`/test/stats`) and rotate its key.
public enum OpenIDStandIn {
    public static let script = BandUpProcess.repositoryRoot.appendingPathComponent("Tests/StandIns/oidc_provider.py").path
    public static let clientID = "bandup-test.apps.googleusercontent.com", clientSecret = "stand-in secret: /+&="

    public static func start() throws -> ServerProcess {
        try ServerProcess(["python3", script, "{port}", "--client-id", clientID, "--client-secret", clientSecret],
                          what: "the OpenID Connect stand-in (pip cryptography is needed)")
    }
}
