import Foundation

/// What the learner's page is told about a job as it happens: each is one server-sent event.
public enum JobEvent: Sendable, Equatable {
    /// Waiting in the queue (with a note when the queue is long).
    case queued(String)
    /// A line about progress ("Gemini is busy; trying again…").
    case status(String)
    /// The assessment starts (again, after an interruption): the page clears any text it shows.
    case started(provider: String)
    /// A piece of the feedback prose.
    case text(String)
    /// Done: the result is stored; the page shows the bands and annotations.
    case complete(FeedbackResult)
    /// Every try failed: what happened, and whether the learner can try again.
    case failed(String)
    /// One item a job proposes (a flashcard), as a JSON object.
    case item(String)
    /// A job of another kind is done: its summary, as a JSON object.
    case finished(String)

    /// The SSE `event:` name.
    public var name: String {
        switch self {
        case .queued: "queued"
        case .status: "status"
        case .started: "started"
        case .text: "text"
        case .complete: "complete"
        case .failed: "failed"
        case .item: "item"
        case .finished: "finished"
        }
    }

    /// Whether the stream ends with it.
    public var isFinal: Bool {
        switch self {
        case .complete, .failed, .finished: true
        default: false
        }
    }

    /// The SSE `data:` payload (JSON).
    public var data: String {
        let object: [String: Any]
        switch self {
        case .queued(let note), .status(let note), .failed(let note): object = ["message": note]
        case .started(let provider): object = ["provider": provider]
        case .text(let text): object = ["text": text]
        case .complete(let result):
            return String(decoding: (try? JSONEncoder().encode(result)) ?? Data("{}".utf8), as: UTF8.self)
        case .item(let json), .finished(let json):
            return json
        }
        return String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Reads an event back from its name and payload; nil for anything unknown.
    public init?(name: String, data: String) {
        let bytes = Data(data.utf8)
        if name == "complete" {
            guard let result = try? JSONDecoder().decode(FeedbackResult.self, from: bytes) else { return nil }
            self = .complete(result)
            return
        }
        guard let object = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any] else { return nil }
        if name == "item" || name == "finished" {
            self = name == "item" ? .item(data) : .finished(data)
            return
        }
        let message = object["message"] as? String ?? ""
        switch name {
        case "queued": self = .queued(message)
        case "status": self = .status(message)
        case "started": self = .started(provider: object["provider"] as? String ?? "")
        case "text": self = .text(object["text"] as? String ?? "")
        case "failed": self = .failed(message)
        default: return nil
        }
    }
}
