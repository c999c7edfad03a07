import Feedback
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import ServiceLifecycle

/// `GET /answers/<id>/events`: the job's progress as server-sent events, for its learner only.
/// Replays the job's stream after `Last-Event-ID`, then follows this process's live reader; a
/// heartbeat comment every 15 s keeps proxies from dropping the connection, `retry:` says how
/// soon to reconnect, and the stream ends with the final event. On shutdown it ends with a short
/// `retry:` so the browser reconnects to another instance.
struct AnswerEventsController {
    let backends: Backends
    let runtime: FeedbackRuntime

    /// How long the browser waits before reconnecting after a dropped connection, and after a shutdown.
    static let reconnect = 2_000, reconnectAfterShutdown = 250

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("answers/:id/events") { request, context in try await events(request, context: context) }
    }

    func events(_ request: Request, context: WebContext) async throws -> Response {
        guard let user = context.user, let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw HTTPError(.notFound) }
        let attempts = runtime.attempts
        guard let attempt = try await backends.database({ _ in try await attempts.attempt(id: id, userID: user.id) }), attempt.state != .draft else {
            throw HTTPError(.notFound)
        }
        let lastID = (request.headers[HTTPField.Name("Last-Event-ID")!] ?? request.uri.queryParameters.get("after")).flatMap(Self.streamID)
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no"]
        // Done already: the page renders from PostgreSQL. A page that was following gets the rest of
        // the job's events (while they are kept); any other, one final event that tells it to reload.
        if let final = attempt.finalEvent {
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
                if last == nil {
                    let note = attempt.delayed ? "Many answers are waiting: your feedback may take a few minutes." : "Waiting for an examiner…"
                    try await writer.write(ByteBuffer(string: Self.frame(.queued(note), id: nil)))
                }
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
                        if let final = try? await attempts.attempt(id: id, userID: user.id)?.finalEvent {
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

