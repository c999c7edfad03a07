// `ByteWriter` that appends to a `[UInt8]`: the plain, practical way to
// hand-write a page. The caller reserves capacity once, so a render is one
// allocation (the array).

struct ArrayWriter: ByteWriter {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always) mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always) mutating func rawBytes(_ b: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: b) }

    @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func int(_ value: Int) { writeIntDigits(value) }

    /// Byte-at-a-time scan; clean runs are appended in one go.
    mutating func escaped(_ text: String) {
        withUTF8Bytes(text) { src in
            var runStart = 0
            for i in 0..<src.count {
                let entity: StaticString
                switch src[i] {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: src[runStart..<i])) }
                raw(entity)
                runStart = i + 1
            }
            if runStart < src.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: src[runStart...])) }
        }
    }
}
