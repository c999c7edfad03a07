// Byte-exact output verification with a readable first-difference report.

func firstDifference(expected: [UInt8], actual: [UInt8]) -> String? {
    guard expected != actual else { return nil }
    let limit = min(expected.count, actual.count)
    var offset = 0
    while offset < limit && expected[offset] == actual[offset] { offset += 1 }
    var line = 1
    var column = 1
    for b in expected[..<offset] {
        if b == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
    }
    func snippet(_ bytes: [UInt8]) -> String {
        let from = max(0, offset - 60)
        let to = min(bytes.count, offset + 60)
        let before = visible(bytes[from..<offset])
        let after = visible(bytes[min(offset, to)..<to])
        return "…\(before)⟦HERE⟧\(after)…"
    }
    return """
        first difference at byte \(offset) (line \(line), column \(column)); \
        expected \(expected.count) bytes, got \(actual.count)
            expected: \(snippet(expected))
            actual:   \(snippet(actual))
        """
}

/// Bytes as text with newlines and control bytes made visible.
private func visible(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
        .replacingAll("\n", "\\n")
        .replacingAll("\t", "\\t")
}

extension String {
    fileprivate func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
