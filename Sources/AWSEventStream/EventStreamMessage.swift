/// One message of `application/vnd.amazon.eventstream` (Bedrock's ConverseStream and other AWS
/// streaming answers): typed headers and a payload.
public struct EventStreamMessage: Sendable, Equatable {
    public enum HeaderValue: Sendable, Equatable {
        case bool(Bool)
        case byte(Int8)
        case short(Int16)
        case int32(Int32)
        case int64(Int64)
        case bytes([UInt8])
        case string(String)
        /// Milliseconds since 1970.
        case timestamp(Int64)
        case uuid([UInt8])
    }

    public var headers: [String: HeaderValue]
    public var payload: [UInt8]

    public init(headers: [String: HeaderValue] = [:], payload: [UInt8] = []) {
        self.headers = headers
        self.payload = payload
    }

    /// A string header such as `:event-type` or `:message-type`.
    public func string(_ name: String) -> String? {
        if case .string(let value)? = headers[name] { value } else { nil }
    }
}

/// Why bytes are not an event-stream message.
public enum EventStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    case preludeChecksum
    case messageChecksum
    case badLength(String)
    case badHeader(String)

    public var description: String {
        switch self {
        case .preludeChecksum: "the message's prelude checksum does not match"
        case .messageChecksum: "the message's checksum does not match"
        case .badLength(let detail): "bad message length: \(detail)"
        case .badHeader(let detail): "bad header: \(detail)"
        }
    }
}
