/// Writes event-stream messages (for tests and stand-ins; BandUp only reads them from AWS).
public enum EventStreamEncoder {
    public static func encode(_ message: EventStreamMessage) -> [UInt8] {
        var headers: [UInt8] = []
        for (name, value) in message.headers.sorted(by: { $0.key < $1.key }) {
            let nameBytes = Array(name.utf8)
            headers.append(UInt8(nameBytes.count))
            headers += nameBytes
            switch value {
            case .bool(let flag): headers.append(flag ? 0 : 1)
            case .byte(let byte): headers += [2, UInt8(bitPattern: byte)]
            case .short(let short): headers.append(3); headers += bigEndian(UInt64(UInt16(bitPattern: short)), 2)
            case .int32(let int): headers.append(4); headers += bigEndian(UInt64(UInt32(bitPattern: int)), 4)
            case .int64(let long): headers.append(5); headers += bigEndian(UInt64(bitPattern: long), 8)
            case .bytes(let bytes): headers.append(6); headers += bigEndian(UInt64(bytes.count), 2) + bytes
            case .string(let text): headers.append(7); headers += bigEndian(UInt64(text.utf8.count), 2) + Array(text.utf8)
            case .timestamp(let ms): headers.append(8); headers += bigEndian(UInt64(bitPattern: ms), 8)
            case .uuid(let bytes): headers.append(9); headers += bytes
            }
        }
        let total = 12 + headers.count + message.payload.count + 4
        var bytes = bigEndian(UInt64(total), 4) + bigEndian(UInt64(headers.count), 4)
        bytes += bigEndian(UInt64(CRC32.checksum(bytes)), 4)
        bytes += headers + message.payload
        bytes += bigEndian(UInt64(CRC32.checksum(bytes)), 4)
        return bytes
    }

    static func bigEndian(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}
