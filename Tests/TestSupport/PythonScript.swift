import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a Python script of the repository (a Selenium flow, a stand-in's proof) with the python3 on
/// PATH, the one `scripts/test` installs the pinned packages into.
public enum PythonScript {
    /// Runs `path` (relative to the repository root) with `arguments`; its exit status and
    /// everything it printed.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try python([BandUpProcess.repositoryRoot.appendingPathComponent(path).path] + arguments, environment: environment)
    }

    /// ``run(_:_:environment:)`` on a thread of its own, killed past `timeLimit`
    /// (``ChildProcess/runAside(_:_:in:environment:timeLimit:)``).
    public static func runAside(_ path: String, _ arguments: [String], environment: [String: String] = [:],
                                timeLimit: Duration = .seconds(900)) async throws -> (status: Int32, output: String) {
        try await ChildProcess.runAside("/usr/bin/env", ["python3", BandUpProcess.repositoryRoot.appendingPathComponent(path).path] + arguments,
                                        in: BandUpProcess.repositoryRoot, environment: environment, timeLimit: timeLimit)
    }

    /// cfn-lint on a thread of its own (``ChildProcess/runAside(_:_:in:environment:timeLimit:)``).
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
    /// Runs the command under coreutils' `timeout`, in a process group of its own: past
    /// `timeLimit` the whole group is killed (a hung browser fails its test instead of holding
    /// the run), and whatever the command leaves behind in its group (a browser its script did not
    /// close) is killed when it exits. The output goes to a file rather than a pipe, so a process
    /// left behind cannot keep the read from ending.
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String] = [:], timeLimit: Duration = .seconds(900)) throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("bandup-child-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let seconds = timeLimit.components.seconds
        let child = try Spawned("/usr/bin/timeout", ["--kill-after=10", "\(seconds)s", executable] + arguments,
                                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                                directory: directory?.path, output: log.path)
        let status = child.wait(timeout: timeLimit + .seconds(30)) ?? { child.signal(SIGKILL, group: true); return child.wait() ?? -1 }()
        child.signal(SIGKILL, group: true)  // whatever it left behind in its group
        var printed = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if status == 124 || status == 137 {
            printed += "\n[\(executable) \(arguments.prefix(2).joined(separator: " ")) ran past its \(seconds) s and was killed]"
        }
        return (status, printed)
    }

    /// ``run(_:_:in:environment:timeLimit:)`` on a thread of its own: a test awaiting a long child (a
    /// browser script, schemathesis) must not hold one of the two cooperative threads the whole
    /// test process shares, or every other test's tasks (and their timings) stall behind it.
    public static func runAside(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                                environment: [String: String] = [:], timeLimit: Duration = .seconds(900)) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try run(executable, arguments, in: directory, environment: environment, timeLimit: timeLimit) })
            }.start()
        }
    }
}
