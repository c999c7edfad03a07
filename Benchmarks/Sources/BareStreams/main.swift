// The peer of Benchmarks/FeedbackStreams: a bare Hummingbird 2 route that streams server-sent
// events from one in-process broadcaster, with none of BandUp's work (no session, no database,
// no Redis). Usage: BareStreams PORT
//   GET  /healthz                             ok
//   GET  /events/<n>                          the stream of job n
//   POST /generate?jobs=J&rate=R&seconds=S    jobs 0..<J publish R chunks/s each for S seconds
//                                             (spread over 5 ms slots); answers with the count
import Foundation
import Hummingbird
import NIOCore
import Synchronization

final class Broadcaster: Sendable {
    private let pages = Mutex<[Int: [Int: AsyncStream<String>.Continuation]]>([:])
    private let next = Atomic(0)

    func subscribe(_ job: Int) -> (AsyncStream<String>, @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .unbounded)
        let key = next.add(1, ordering: .relaxed).newValue
        pages.withLock { $0[job, default: [:]][key] = continuation }
        let end: @Sendable () -> Void = { [weak self] in
            self?.pages.withLock { pages in _ = pages[job]?.removeValue(forKey: key) }
        }
        continuation.onTermination = { _ in end() }
        return (stream, end)
    }

    func publish(_ job: Int, _ frame: String) {
        let targets = pages.withLock { $0[job].map { Array($0.values) } ?? [] }
        for page in targets { page.yield(frame) }
    }
}

func wallNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

let port = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 8090
let broadcaster = Broadcaster()
let router = Router()
router.get("healthz") { _, _ in "ok" }
router.get("events/:n") { _, context -> Response in
    let job = context.parameters.get("n").flatMap(Int.init) ?? 0
    let (frames, end) = broadcaster.subscribe(job)
    return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: ResponseBody { writer in
        defer { end() }
        try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
        for await frame in frames { try await writer.write(ByteBuffer(string: frame)) }
        try await writer.finish(nil)
    })
}
router.post("generate") { request, _ -> String in
    let jobs = request.uri.queryParameters.get("jobs").flatMap { Int($0) } ?? 200
    let rate = request.uri.queryParameters.get("rate").flatMap { Int($0) } ?? 20
    let seconds = request.uri.queryParameters.get("seconds").flatMap { Double($0) } ?? 10
    let slots = max(1, 1000 / rate / 5)
    let start = ContinuousClock.now
    var tick = 0, published = 0
    while ContinuousClock.now - start < .seconds(seconds) {
        try await Task.sleep(until: start + .milliseconds(5 * tick), clock: .continuous)
        for job in stride(from: tick % slots, to: jobs, by: slots) {
            broadcaster.publish(job, "event: text\ndata: {\"text\":\"t\(wallNanoseconds())\"}\n\n")
            published += 1
        }
        tick += 1
    }
    return String(published)
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil))
try await app.runService()
