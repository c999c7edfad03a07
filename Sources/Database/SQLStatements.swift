/// Splits a migration file into statements at top-level semicolons (the extended query protocol
/// runs one statement at a time), respecting quotes, dollar quoting and comments.
enum SQLStatements {
    static func split(_ sql: String) -> [String] {
        let bytes = Array(sql.utf8)
        var statements: [String] = []
        var start = 0
        var i = 0
        func emit(_ end: Int) {
            let text = String(decoding: bytes[start..<end], as: UTF8.self).trimmingWhitespace
            if !text.isEmpty, !isOnlyComments(text) { statements.append(text) }
        }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                i += 1
                while i < bytes.count {
                    if bytes[i] == b {
                        if i + 1 < bytes.count, bytes[i + 1] == b { i += 2; continue } // doubled quote
                        break
                    }
                    i += 1
                }
                i += 1
            case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-"):
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "/") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*"):
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            case UInt8(ascii: "$"):
                // $tag$ ... $tag$
                var j = i + 1
                while j < bytes.count, bytes[j] == UInt8(ascii: "_") || isAlphanumeric(bytes[j]) { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: "$") else { i += 1; continue }
                let tag = Array(bytes[i...j])
                var k = j + 1
                while k + tag.count <= bytes.count, Array(bytes[k..<k + tag.count]) != tag { k += 1 }
                i = min(bytes.count, k + tag.count)
            case UInt8(ascii: ";"):
                emit(i)
                i += 1
                start = i
            default:
                i += 1
            }
        }
        emit(min(i, bytes.count))
        return statements
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }

    private static func isOnlyComments(_ text: String) -> Bool {
        text.split(separator: "\n").allSatisfy { $0.trimmingWhitespace.isEmpty || $0.trimmingWhitespace.hasPrefix("--") }
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
