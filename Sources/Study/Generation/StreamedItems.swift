/// Complete items of one array in a JSON object that arrives in pieces (`{"cards": [{…}, {…}]}`):
/// each item's JSON text as soon as its closing brace arrives, so a page can show cards while
/// the model is still writing the rest. Strings and escapes are followed, so braces inside
/// text do not count.
struct StreamedItems {
    let key: [UInt8]
    private var buffer: [UInt8] = []
    private var position = 0
    private var depth = 0
    private var inString = false, escaped = false
    private var stringStart = 0
    /// The last string that ended at depth 1 (a key of the top-level object, or a value).
    private var lastTopString: ArraySlice<UInt8> = []
    private var inArray = false
    private var itemStart: Int?

    init(_ key: String) { self.key = Array(key.utf8) }

    /// Adds a piece; the items it completed.
    mutating func add(_ piece: String) -> [String] {
        buffer += piece.utf8
        var items: [String] = []
        while position < buffer.count {
            let byte = buffer[position]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 1 { lastTopString = buffer[(stringStart + 1)..<position] }
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true; stringStart = position
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    if depth == 2, byte == UInt8(ascii: "["), lastTopString.elementsEqual(key) { inArray = true }
                    if depth == 3, inArray, byte == UInt8(ascii: "{") { itemStart = position }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 3, inArray, byte == UInt8(ascii: "}"), let start = itemStart {
                        items.append(String(decoding: buffer[start...position], as: UTF8.self))
                        itemStart = nil
                    }
                    if depth == 2, inArray { inArray = false }
                    depth -= 1
                default: break
                }
            }
            position += 1
        }
        return items
    }
}
