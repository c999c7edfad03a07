import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real S3 API for tests: `moto_server` (pip `moto[server]`, installed by scripts/test) on a
/// free loopback port.
public final class MotoServer: @unchecked Sendable {
    public let port: Int
    private let process: Process

    public init() throws {
        port = LoopbackPort.free()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["moto_server", "-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if LoopbackPort.accepts(port) { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        throw MotoUnavailable(message: "moto_server did not start on port \(port) (scripts/test installs it with pip)")
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }

    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    struct MotoUnavailable: Error, CustomStringConvertible { let message: String; var description: String { message } }
}
