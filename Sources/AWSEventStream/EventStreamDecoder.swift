/// Reads event-stream messages from bytes as they arrive: feed chunks, take whole messages.
///
/// A message is `[total length u32][headers length u32][prelude CRC32][headers][payload][message CRC32]`
/// (big-endian); both checksums are verified and every length is bounded before anything is read.
public struct EventStreamDecoder: Sendable {
    /// Larger messages are refused (AWS's own limit is 16 MB).
    public static let maximumMessageSize = 16 * 1024 * 1024
    static let preludeSize = 12, checksumSize = 4

    private var buffer: [UInt8] = []

    public init() {}

    /// Adds bytes that came from the network.
    public mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    /// The next whole message, or nil until more bytes arrive.
    public mutating func next() throws(EventStreamError) -> EventStreamMessage? {
        guard buffer.count >= Self.preludeSize else { return nil }
        let total = Int(Self.uint32(buffer, 0)), headersLength = Int(Self.uint32(buffer, 4))
        guard CRC32.checksum(buffer[0..<8]) == Self.uint32(buffer, 8) else { throw .preludeChecksum }
        guard total >= Self.preludeSize + Self.checksumSize, total <= Self.maximumMessageSize else { throw .badLength("\(total) bytes") }
        guard headersLength <= total - Self.preludeSize - Self.checksumSize else { throw .badLength("headers of \(headersLength) bytes in \(total)") }
        guard buffer.count >= total else { return nil }
        guard CRC32.checksum(buffer[0..<(total - 4)]) == Self.uint32(buffer, total - 4) else { throw .messageChecksum }
        let headers = try Self.headers(buffer[Self.preludeSize..<(Self.preludeSize + headersLength)])
        let payload = Array(buffer[(Self.preludeSize + headersLength)..<(total - 4)])
        buffer.removeFirst(total)
        return EventStreamMessage(headers: headers, payload: payload)
    }

    /// Decodes one whole message.
    public static func decode(_ bytes: [UInt8]) throws(EventStreamError) -> EventStreamMessage {
        var decoder = EventStreamDecoder()
        decoder.append(bytes)
        guard let message = try decoder.next() else { throw .badLength("\(bytes.count) bytes is less than the message") }
        guard decoder.buffer.isEmpty else { throw .badLength("\(decoder.buffer.count) bytes after the message") }
        return message
    }

    static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    static func headers(_ bytes: ArraySlice<UInt8>) throws(EventStreamError) -> [String: EventStreamMessage.HeaderValue] {
        var headers: [String: EventStreamMessage.HeaderValue] = [:]
        var index = bytes.startIndex
        func take(_ count: Int) throws(EventStreamError) -> ArraySlice<UInt8> {
            guard count >= 0, bytes.endIndex - index >= count else { throw .badHeader("it runs past the headers") }
            defer { index += count }
            return bytes[index..<(index + count)]
        }
        func integer(_ count: Int) throws(EventStreamError) -> UInt64 {
            try take(count).reduce(0) { $0 << 8 | UInt64($1) }
        }
        while index < bytes.endIndex {
            let nameLength = Int(try integer(1))
            guard let name = String(validating: try take(nameLength), as: UTF8.self), !name.isEmpty else { throw .badHeader("a name is not UTF-8") }
            let value: EventStreamMessage.HeaderValue
            switch try integer(1) {
            case 0: value = .bool(true)
            case 1: value = .bool(false)
            case 2: value = .byte(Int8(truncatingIfNeeded: try integer(1)))
            case 3: value = .short(Int16(truncatingIfNeeded: try integer(2)))
            case 4: value = .int32(Int32(truncatingIfNeeded: try integer(4)))
            case 5: value = .int64(Int64(bitPattern: try integer(8)))
            case 6: value = .bytes(Array(try take(Int(try integer(2)))))
            case 7:
                guard let text = String(validating: try take(Int(try integer(2))), as: UTF8.self) else { throw .badHeader("'\(name)' is not UTF-8") }
                value = .string(text)
            case 8: value = .timestamp(Int64(bitPattern: try integer(8)))
            case 9: value = .uuid(Array(try take(16)))
            case let type: throw .badHeader("'\(name)' has unknown type \(type)")
            }
            headers[name] = value
        }
        return headers
    }
}
