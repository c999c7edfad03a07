import Foundation

/// Runs a Python script of the repository (a Selenium flow, a stand-in's proof) with the python3 on
/// PATH, the one `scripts/test` installs the pinned packages into.
public enum PythonScript {
    /// Runs `path` (relative to the repository root) with `arguments`; its exit status and
    /// everything it printed.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try python([BandUpProcess.repositoryRoot.appendingPathComponent(path).path] + arguments, environment: environment)
    }

    /// Runs cfn-lint (the pinned pip package) in the repository's root.
    public static func cfnLint(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try python(["-c", "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; sys.exit(main())"] + arguments, environment: [:])
    }

    private static func python(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        try ChildProcess.run("/usr/bin/env", ["python3"] + arguments, in: BandUpProcess.repositoryRoot, environment: environment)
    }
}

/// A command run to completion: its exit status and everything it printed (stdout and stderr).
public enum ChildProcess {
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
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
