/// Reads `text/event-stream` (Gemini's streamed answers): `data:` lines joined until a blank line.
struct ServerSentEvents {
    private var line: [UInt8] = []
    private var data: [String] = []

    /// The events completed by `bytes`: each event's data.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        var events: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                if line.isEmpty {
                    if !data.isEmpty { events.append(data.joined(separator: "\n")) }
                    data = []
                } else if line.starts(with: Array("data:".utf8)) {
                    var value = line.dropFirst(5)
                    if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
                    data.append(String(decoding: value, as: UTF8.self))
                }
                line = []
            } else {
                line.append(byte)
            }
        }
        return events
    }

    /// Whatever was complete when the stream ended without a final blank line.
    mutating func finish() -> [String] {
        var events = feed([UInt8(ascii: "\n")])
        if !data.isEmpty { events.append(data.joined(separator: "\n")); data = [] }
        return events
    }
}
