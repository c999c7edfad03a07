import Feedback
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import ServiceLifecycle

/// A queued job's progress as server-sent events (feedback on an answer, a set of flashcards),
/// once the caller has checked that the job is the learner's. Replays the job's stream after
/// `Last-Event-ID`, then follows this process's live reader; a heartbeat comment every 15 s
/// keeps proxies from dropping the connection, `retry:` says how soon to reconnect, and the
/// stream ends with the final event. On shutdown it ends with a short `retry:` so the browser
/// reconnects to another instance.
struct JobEventStream {
    let runtime: FeedbackRuntime

    /// How long the browser waits before reconnecting after a dropped connection, and after a shutdown.
    static let reconnect = 2_000, reconnectAfterShutdown = 250

    /// The stream for job `id`. `final` is its final event when it is done already (the page then
    /// gets the rest of the job's events, or just that); `waiting` is the first note for a page
    /// that has seen nothing yet; `done` asks PostgreSQL again after a Redis outage (Redis may
    /// have lost the job's stream).
    func response(_ id: UUID, request: Request, final: JobEvent?, waiting: String,
                  done: @escaping @Sendable () async -> JobEvent?) async throws -> Response {
        let lastID = (request.headers[HTTPField.Name("Last-Event-ID")!] ?? request.uri.queryParameters.get("after")).flatMap(Self.streamID)
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no"]
        if let final {
            var text = "retry: \(Self.reconnect)\n\n"
            var rest: [JobEvents.Stored] = []
            if let lastID { rest = try await runtime.events.replay(id, after: lastID) }
            if let end = rest.firstIndex(where: \.event.isFinal) {
                for stored in rest[...end] { text += Self.frame(stored.event, id: stored.id) }
            } else {
                text += Self.frame(final, id: nil)
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let live = runtime.live, events = runtime.events
        let subscription = live.subscribe(id)
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { subscription.end() }
            try await withGracefulShutdownHandler {
                var last = lastID
                /// Sends the job's stored events after `last`; true when the final one was among them.
                func replay() async throws -> Bool {
                    var text = "", ended = false
                    for stored in try await events.replay(id, after: last) {
                        text += Self.frame(stored.event, id: stored.id)
                        last = stored.id
                        if stored.event.isFinal { ended = true; break }
                    }
                    if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
                    return ended
                }
                try await writer.write(ByteBuffer(string: "retry: \(Self.reconnect)\n: connected\n\n"))
                if try await replay() { return }
                if last == nil { try await writer.write(ByteBuffer(string: Self.frame(.queued(waiting), id: nil))) }
                for await signal in subscription.signals {
                    switch signal {
                    case .event(let stored):
                        guard last.map({ JobEvents.isAfter(stored.id, $0) }) ?? true else { continue }  // already replayed
                        last = stored.id
                        try await writer.write(ByteBuffer(string: Self.frame(stored.event, id: stored.id)))
                        if stored.event.isFinal { return }
                    case .heartbeat:
                        try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    case .resync:
                        // After a Redis outage: the events missed meanwhile; and if Redis lost the
                        // job's stream (a restart without persistence), PostgreSQL knows it is done.
                        if try await replay() { return }
                        if let final = await done() {
                            try await writer.write(ByteBuffer(string: Self.frame(final, id: nil)))
                            return
                        }
                    case .shutdown:
                        try await writer.write(ByteBuffer(string: "retry: \(Self.reconnectAfterShutdown)\n\n"))
                        return
                    }
                }
            } onGracefulShutdown: {
                live.stop()
            }
            try await writer.finish(nil)
        })
    }

    /// `id: …`, `event: …` and the data, one `data:` line per line of it.
    static func frame(_ event: JobEvent, id: String?) -> String {
        var frame = id.map { "id: \($0)\n" } ?? ""
        frame += "event: \(event.name)\n"
        for line in event.data.split(separator: "\n", omittingEmptySubsequences: false) { frame += "data: \(line)\n" }
        return frame + "\n"
    }

    /// A Redis stream id (`1700000000000-0`), or nil for anything else.
    static func streamID(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 20 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        return text
    }
}
