import Foundation

/// Runs a Python script of the repository (a Selenium flow, a stand-in's proof) with the python3 on
/// PATH, the one `scripts/test` installs the pinned packages into.
public enum PythonScript {
    /// Runs `path` (relative to the repository root) with `arguments`; its exit status and
    /// everything it printed.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try python([BandUpProcess.repositoryRoot.appendingPathComponent(path).path] + arguments, environment: environment)
    }

    /// ``run(_:_:environment:)`` on a thread of its own (``ChildProcess/runAside(_:_:in:environment:)``).
    public static func runAside(_ path: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        try await ChildProcess.runAside("/usr/bin/env", ["python3", BandUpProcess.repositoryRoot.appendingPathComponent(path).path] + arguments,
                                        in: BandUpProcess.repositoryRoot, environment: environment)
    }

    /// cfn-lint on a thread of its own (``ChildProcess/runAside(_:_:in:environment:)``).
    public static func cfnLintAside(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await ChildProcess.runAside("/usr/bin/env", ["python3", "-c", "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; sys.exit(main())"] + arguments,
                                        in: BandUpProcess.repositoryRoot)
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

    /// ``run(_:_:in:environment:)`` on a thread of its own: a test awaiting a long child (a
    /// browser script, schemathesis) must not hold one of the two cooperative threads the whole
    /// test process shares, or every other test's tasks (and their timings) stall behind it.
    public static func runAside(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                                environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try run(executable, arguments, in: directory, environment: environment) })
            }.start()
        }
    }
}
