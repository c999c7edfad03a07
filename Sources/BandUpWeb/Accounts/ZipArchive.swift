/// A ZIP archive of stored (uncompressed) files, written into memory: what "download my data"
/// hands out (the JSON, and recordings that are compressed audio already). No ZIP64: each file and
/// the whole archive stay under 4 GB.
struct ZipArchive {
    private(set) var bytes: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    /// Adds `data` as `name` (UTF-8, `/` between folders).
    mutating func add(_ name: String, _ data: [UInt8]) {
        let path = Array(name.utf8), crc = Self.crc32(data), offset = UInt32(bytes.count)
        // DOS time and date of 2000-01-01 00:00: the archive does not say when it was made.
        let fixed: (UInt16, UInt16) = (0, (20 << 9) | (1 << 5) | 1)
        func header(_ out: inout [UInt8], central: Bool) {
            out.append(le32: central ? 0x0201_4B50 : 0x0403_4B50)
            if central { out.append(le16: 20) }                       // made by: version 2.0
            out.append(le16: 20); out.append(le16: 0x0800); out.append(le16: 0)  // needs 2.0; UTF-8 names; stored
            out.append(le16: fixed.0); out.append(le16: fixed.1)
            out.append(le32: crc); out.append(le32: UInt32(data.count)); out.append(le32: UInt32(data.count))
            out.append(le16: UInt16(path.count)); out.append(le16: 0)    // name, no extra field
            if central {
                out.append(le16: 0); out.append(le16: 0); out.append(le16: 0)  // comment, disk, internal attributes
                out.append(le32: 0); out.append(le32: offset)                  // external attributes, where its header is
            }
            out.append(contentsOf: path)
        }
        header(&bytes, central: false)
        bytes.append(contentsOf: data)
        header(&directory, central: true)
        count += 1
    }

    /// The finished archive: the files, their directory and its end record.
    func finished() -> [UInt8] {
        var out = bytes
        let start = UInt32(out.count)
        out.append(contentsOf: directory)
        out.append(le32: 0x0605_4B50); out.append(le16: 0); out.append(le16: 0)
        out.append(le16: UInt16(count)); out.append(le16: UInt16(count))
        out.append(le32: UInt32(directory.count)); out.append(le32: start); out.append(le16: 0)
        return out
    }

    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// CRC-32 (ISO 3309, as ZIP and gzip use it).
    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

extension [UInt8] {
    mutating func append(le16 value: UInt16) { append(UInt8(value & 0xFF)); append(UInt8(value >> 8)) }
    mutating func append(le32 value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
}
