import Foundation
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The one thread that decodes and recognises recordings: both are long and blocking (ffmpeg,
/// PocketSphinx), so they never run on an event loop or the cooperative pool, and one at a time
/// keeps a worker's memory and CPU bounded. It runs at a lower priority (nice 10) than the rest of
/// the process, so a minute of recognition never slows the pages served beside it.
enum SpeechThread {
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive {
            lowerPriority()
            return try body()
        }
    }

    /// Nice 10 for the calling thread (Linux: a thread's nice value is its own, set through its
    /// id, which /proc/thread-self names). Best effort: nothing changes where it is refused.
    static func lowerPriority() {
        #if canImport(Glibc)
        guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self"),
              let tid = link.split(separator: "/").last.flatMap({ id_t($0) }) else { return }
        if getpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid) < 10 {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid, 10)
        }
        #endif
    }
}
