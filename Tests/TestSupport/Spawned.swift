import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn` and waited for with `waitpid`. Foundation's
/// `Process` on Linux can miss a child's exit, and its `waitUntilExit` then never returns: that
/// hung a whole test run (a `bandup content import` long gone, the test thread still waiting).
public final class Spawned: Sendable {
    public let pid: pid_t
    /// The wait status once the child is reaped.
    private let reaped = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` and exactly `environment`, in `directory`; its output
    /// (stdout and stderr) appended to `output` (or discarded), `input` written to its stdin (or
    /// /dev/null). `newGroup` puts it in a process group of its own.
    public init(_ executable: String, _ arguments: [String], environment: [String: String], directory: String? = nil,
                output: String? = nil, input: String? = nil, newGroup: Bool = false) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if newGroup {
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        _ = Self.ignoreBrokenPipes
        var pipe: [Int32] = [-1, -1]
        if input != nil {
            // Close-on-exec: another child spawned meanwhile must not hold the write end (or its
            // reader would never see the end of its input).
            guard Glibc.pipe(&pipe) == 0 else { throw Failure("pipe: errno \(errno)") }
            _ = fcntl(pipe[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(pipe[1], F_SETFD, FD_CLOEXEC)
            posix_spawn_file_actions_adddup2(&actions, pipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        let target = output ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, target, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // In `directory`: through coreutils' `env -C` (glibc's posix_spawn_file_actions_addchdir_np is not visible to Swift).
        let command = directory.map { ["/usr/bin/env", "-C", $0, executable] } ?? [executable]
        let argv: [UnsafeMutablePointer<CChar>?] = (command + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        if input != nil { close(pipe[0]) }
        guard spawned == 0 else {
            if input != nil { close(pipe[1]) }
            throw Failure("cannot run \(executable): error \(spawned)")
        }
        self.pid = pid
        if let input {
            let bytes = Array(input.utf8)
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { write(pipe[1], $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }  // the child stopped reading (SIGPIPE is ignored)
                written += count
            }
            close(pipe[1])
        }
    }

    /// Whether the child has not exited yet (it is reaped as soon as it has).
    public var isRunning: Bool { status(blocking: false) == nil }

    /// Waits at most `timeout` (nil: for ever) and returns the exit code (128 + the signal when
    /// killed), or nil while it still runs.
    @discardableResult
    public func wait(timeout: Duration? = nil) -> Int32? {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            if let status = status(blocking: false) { return Self.exitCode(status) }
            if let deadline, ContinuousClock.now >= deadline { return nil }
            usleep(10_000)
        }
    }

    /// Sends `signal` to the child (`group`: to its whole process group).
    public func signal(_ signal: Int32, group: Bool = false) {
        guard isRunning || group else { return }
        kill(group ? -pid : pid, signal)
    }

    /// SIGKILL, then reaped.
    public func killAndWait() {
        signal(SIGKILL)
        wait()
    }

    private func status(blocking: Bool) -> Int32? {
        reaped.withLock { reaped in
            if let reaped { return reaped }
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, blocking ? 0 : WNOHANG) } while result == -1 && errno == EINTR
            if result == -1, errno == ECHILD {
                reaped = 0xFF00  // reaped elsewhere: gone, its status unknown (255)
                return reaped
            }
            guard result == pid else { return nil }
            reaped = status
            return status
        }
    }

    /// Writing to a child that has exited must be an error, not the end of the test process.
    private static let ignoreBrokenPipes: Void = { _ = Glibc.signal(SIGPIPE, SIG_IGN) }()

    static func exitCode(_ status: Int32) -> Int32 {
        status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
