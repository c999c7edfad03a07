import Foundation
import Logging
import Synchronization

/// One JSON object per line on standard output: what CloudWatch Logs and other collectors parse.
///
/// `{"time":"2026-11-25T14:07:19.123Z","level":"info","logger":"bandup","message":"…","request_id":"…"}`
struct JSONLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String

    private static let output = Mutex<Void>(())
    private static let timestamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let provided = event.metadata { fields.merge(provided) { _, new in new } }
        if let error = event.error { fields["error"] = .string(String(describing: error)) }
        var line = "{\"time\":\(Self.quoted(Self.timestamp.format(Date.now))),"
        line += "\"level\":\(Self.quoted(event.level.rawValue)),\"logger\":\(Self.quoted(label)),\"message\":\(Self.quoted(event.message.description))"
        for key in fields.keys.sorted() {
            line += ",\(Self.quoted(key)):\(Self.json(fields[key]!))"
        }
        line += "}\n"
        Self.output.withLock { _ in
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }

    private static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .stringConvertible(let value): quoted(value.description)
        case .array(let values): "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let values): "{" + values.keys.sorted().map { "\(quoted($0)):\(json(values[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar == "\u{2028}" || scalar == "\u{2029}":
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
