import NIOPosix

/// The one thread that decodes and recognises recordings: both are long and blocking (ffmpeg,
/// PocketSphinx), so they never run on an event loop or the cooperative pool, and one at a time
/// keeps a worker's memory and CPU bounded.
enum SpeechThread {
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}
