import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The built `bandup` executable, run as a child process the way an operator runs it.
public final class BandUpProcess: @unchecked Sendable {
    /// `.build/debug/bandup` of this checkout (`scripts/test` builds it before the tests run).
    public static let executable = repositoryRoot.appendingPathComponent(".build/debug/bandup")

    /// The checkout, so the server finds `Templates/`, `Public/` and `Migrations/`.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// What a finished command printed and how it exited.
    public struct Outcome: Sendable {
        public let status: Int32
        public let output: String
    }

    private let process: Spawned
    private let log: URL

    /// Starts `bandup arguments…` with `environment` added to a clean copy of ours.
    public init(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("bandup-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process = try Spawned(Self.executable.path, arguments, environment: Self.environment(adding: environment),
                              directory: Self.repositoryRoot.path, output: log.path, input: input ?? "")
    }

    deinit {
        if process.isRunning { process.killAndWait() }
        try? FileManager.default.removeItem(at: log)
    }

    /// Runs `bandup arguments…` to completion.
    public static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Outcome {
        let child = try BandUpProcess(arguments, environment: environment, input: input)
        // A command of the tests takes seconds (a content import in a debug build, a minute); past
        // fifteen minutes it is stuck, and the test fails instead of the run hanging.
        guard let status = child.process.wait(timeout: .seconds(900)) else {
            child.process.killAndWait()
            return Outcome(status: -1, output: child.output + "\n[bandup \(arguments.joined(separator: " ")) ran past 15 minutes and was killed]")
        }
        return Outcome(status: status, output: child.output)
    }

    /// ``run(_:environment:input:)`` on a thread of its own, so that a test awaiting a long
    /// command (`content import` in a debug build) holds none of the cooperative threads.
    public static func runAside(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try run(arguments, environment: environment, input: input) }) }.start()
        }
    }

    /// Everything the process printed so far (stdout and stderr).
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    public var isRunning: Bool { process.isRunning }

    /// Sends SIGTERM, as ECS does when it stops a task.
    public func terminate() { process.signal(SIGTERM) }

    /// Kills the process with SIGKILL (a crash, or the OOM killer) and waits for it to go.
    public func crash() { process.killAndWait() }

    /// Waits for the process to exit (at most `timeout`) and returns its exit status, or nil.
    public func waitForExit(timeout: Duration = .seconds(45)) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return process.wait(timeout: .zero)
    }

    /// Our environment without BandUp's settings, plus `extra`: a test sees only what it sets.
    private static func environment(adding extra: [String: String]) -> [String: String] {
        let settings: Set<String> = ["BANDUP_ENV", "HOST", "PORT", "DATABASE_URL", "REDIS_URL", "PUBLIC_BASE_URL", "CDN_BASE_URL",
                                     "TRUSTED_PROXIES", "LOG_LEVEL", "LOG_FORMAT", "METRICS_TOKEN", "SHUTDOWN_GRACE_SECONDS", "BANDUP_CONFIG_FILE",
                                     "ASSETS_DIRECTORY", "PUBLIC_DIRECTORY", "STORAGE_BACKEND", "STORAGE_DIRECTORY", "MEDIA_BUCKET", "S3_ENDPOINT", "AWS_REGION",
                                     "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "ASSETS_BUCKET",
                                     "FEEDBACK_PROVIDERS", "FEEDBACK_WORKERS", "GEMINI_API_KEY", "BEDROCK_MODEL_ID",
                                     "SMTP_URL", "MAIL_FROM", "MAIL_MAX_ATTEMPTS", "MAIL_RETRY_SECONDS"]
        var environment = ProcessInfo.processInfo.environment.filter { !settings.contains($0.key) }
        for (key, value) in extra { environment[key] = value }
        return environment
    }
}
