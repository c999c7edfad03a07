import AsyncHTTPClient
import Foundation
import NIOCore

/// A browser's EventSource, for tests: reads `text/event-stream` frames as they arrive and
/// reconnects with `Last-Event-ID` when the connection ends before the final event.
struct EventStreamClient {
    struct Event: Equatable {
        let id: String?
        let name: String
        let data: String
    }

    let url: String
    let cookie: String
    /// An API client's `Authorization` (the API takes no cookies).
    var authorization: String? = nil

    /// Reads one connection: events after `lastID`, handing each to `each`, which returns false to
    /// drop the connection (as a closed tab does). Returns when the server ends the stream too.
    func read(after lastID: String?, _ each: (Event) async throws -> Bool) async throws {
        var request = HTTPClientRequest(url: url)
        if !cookie.isEmpty { request.headers.add(name: "Cookie", value: cookie) }
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let lastID { request.headers.add(name: "Last-Event-ID", value: lastID) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        guard response.status == .ok else { throw Failure(message: "the stream answered \(response.status.code)") }
        var buffer = ""
        for try await chunk in response.body {
            buffer += String(buffer: chunk)
            while let end = buffer.range(of: "\n\n") {
                let frame = String(buffer[..<end.lowerBound])
                buffer.removeSubrange(..<end.upperBound)
                if let event = Self.parse(frame), try await !each(event) { return }
            }
        }
    }

    /// Reads until the final event, reconnecting (after `retry`) whenever the connection ends; the
    /// events in order, as the page would have seen them.
    func readToTheEnd(timeout: Duration = .seconds(60), dropAfter: Int? = nil, between: @escaping @Sendable () async throws -> Void = {}) async throws -> [Event] {
        try await readToTheEndCountingReconnections(timeout: timeout, dropAfter: dropAfter, between: between).events
    }

    /// As ``readToTheEnd(timeout:dropAfter:between:)``; with `whileOpenAfter`, `between` runs (in
    /// the background) once that many text events have arrived, while the connection stays open.
    /// The events, and how many times the connection had to be opened again.
    func readToTheEndCountingReconnections(timeout: Duration = .seconds(60), dropAfter: Int? = nil, whileOpenAfter: Int? = nil,
                                           between: @escaping @Sendable () async throws -> Void = {}) async throws -> (events: [Event], reconnects: Int) {
        var events: [Event] = [], reconnects = 0
        var background: Task<Void, any Error>?
        defer { background?.cancel() }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var finished = false
            do {
                try await read(after: events.last(where: { $0.id != nil })?.id) { event in
                    events.append(event)
                    if event.name == "complete" || event.name == "failed" { finished = true; return false }
                    if let dropAfter, reconnects == 0, events.filter({ $0.name == "text" }).count == dropAfter { return false }
                    if let whileOpenAfter, background == nil, events.filter({ $0.name == "text" }).count == whileOpenAfter {
                        background = Task { try await between() }
                    }
                    return true
                }
            } catch {
                // a refused or reset connection: EventSource tries again
            }
            if finished {
                try await background?.value
                return (events, reconnects)
            }
            reconnects += 1
            if reconnects == 1, whileOpenAfter == nil { try await between() }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw Failure(message: "no final event within \(timeout); saw \(events.map(\.name))")
    }

    static func parse(_ frame: String) -> Event? {
        var id: String?, name = "message", data: [String] = []
        for line in frame.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(":") { continue }
            var (field, value) = line.firstIndex(of: ":").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) } ?? (String(line), "")
            if value.hasPrefix(" ") { value.removeFirst() }
            switch field {
            case "id": id = value
            case "event": name = value
            case "data": data.append(value)
            default: break
            }
        }
        return data.isEmpty ? nil : Event(id: id, name: name, data: data.joined(separator: "\n"))
    }

    struct Failure: Error, CustomStringConvertible { let message: String; var description: String { message } }
}
