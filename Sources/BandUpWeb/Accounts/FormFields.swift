/// The fields of an `application/x-www-form-urlencoded` body, by name.
struct FormFields: Sendable {
    private var values: [String: [String]] = [:]

    init(_ body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[Self.decode(parts[0]), default: []].append(parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// Every field with its values.
    var all: [String: [String]] { values }

    /// The first value of the field.
    subscript(name: String) -> String? { values[name]?.first }

    /// Every value of the field, in order (checkboxes with one name).
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// The field, or "" when it is missing.
    func text(_ name: String) -> String { values[name]?.first ?? "" }

    /// `+` is a space; `%XX` is a byte; invalid UTF-8 becomes U+FFFD.
    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if let high = iterator.next(), let low = iterator.next(), let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                    bytes.append(value)
                } else {
                    bytes.append(byte)
                }
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
