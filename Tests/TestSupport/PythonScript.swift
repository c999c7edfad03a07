import Foundation

/// Runs a Python script of the repository (a Selenium flow, a stand-in's proof) with the python3 on
/// PATH, the one `scripts/test` installs the pinned packages into.
public enum PythonScript {
    /// Runs `path` (relative to the repository root) with `arguments`; its exit status and
    /// everything it printed.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", BandUpProcess.repositoryRoot.appendingPathComponent(path).path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, printed)
    }
}
