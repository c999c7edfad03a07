import Foundation
import TestSupport
import Testing

/// The account flow in Debian's Chromium through Selenium (`Tests/Browser/accounts_flow.py`),
/// against a real `bandup serve` on PostgreSQL and Redis. `scripts/test` installs Chromium,
/// chromedriver and selenium.
@Suite struct BrowserTests {
    @Test func signUpSignOutSignInAndEndTheOtherSession() async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer()
        let (server, port) = try ServeProcessTests.serve(database: try await postgres.createDatabase(), postgres: postgres, redis: redis)
        #expect(await ServeProcessTests.waitFor(port, "/readyz", status: 200) != nil, "\(server.output)")

        let script = BandUpProcess.repositoryRoot.appendingPathComponent("Tests/Browser/accounts_flow.py").path
        let process = Process()
        // The python3 on PATH: the one scripts/test installs selenium into.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "http://127.0.0.1:\(port)"]
        var environment = ProcessInfo.processInfo.environment
        environment["SE_OFFLINE"] = "true"
        environment["SE_AVOID_STATS"] = "true"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(printed)\n--- bandup serve ---\n\(server.output.suffix(4000))")
        #expect(printed.contains("ok - the other browser is signed out"), "\(printed)")
        server.terminate()
        _ = try await server.waitForExit()
    }
}
