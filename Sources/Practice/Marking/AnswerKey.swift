import Foundation

/// What a question accepts.
public enum AnswerKey: Sendable, Equatable, Codable {
    /// One label of the question's options (A, iv, TRUE).
    case option(String)
    /// "Choose TWO": these labels, a mark for each.
    case options(Set<String>)
    /// Written answers: every accepted form, normalized (``AnswerText``).
    case text(accepted: Set<String>, display: String)

    /// A written key: alternatives split by `/`, bracketed words optional.
    /// `(the) library / reading room` accepts "the library", "library" and "reading room".
    public static func written(_ key: String) -> AnswerKey {
        written(key, tokens: forms(of: key).map(AnswerText.tokens))
    }

    /// A written key whose forms are already split into normalized words.
    public static func written(_ key: String, tokens: [[String]]) -> AnswerKey {
        .text(accepted: Set(tokens.map { $0.joined(separator: " ") }), display: key)
    }

    /// Every form a written key accepts, before normalization: `(the) old library` →
    /// ["the old library", "old library"].
    /// A `/` between two digits is part of the answer (`24/7`, `15/6`), not a choice.
    public static func forms(of key: String) -> [String] {
        var pieces: [Substring] = [], start = key.startIndex
        var index = key.startIndex
        while index < key.endIndex {
            if key[index] == "/" {
                let before = index > key.startIndex ? key[key.index(before: index)] : " "
                let after = key.index(after: index) < key.endIndex ? key[key.index(after: index)] : " "
                if !(before.isNumber && after.isNumber) {
                    pieces.append(key[start..<index])
                    start = key.index(after: index)
                }
            }
            index = key.index(after: index)
        }
        pieces.append(key[start...])
        return pieces.map(\.trimmed).filter { !$0.isEmpty }.flatMap(expandOptional)
    }

    /// Up to four bracketed optional parts are expanded (16 forms); more are kept as written.
    static func expandOptional(_ alternative: String) -> [String] {
        var pieces: [(text: String, optional: Bool)] = []
        var rest = Substring(alternative)
        while let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") {
            pieces.append((String(rest[..<open]), false))
            pieces.append((String(rest[rest.index(after: open)..<close]), true))
            rest = rest[rest.index(after: close)...]
        }
        pieces.append((String(rest), false))
        let optional = pieces.filter(\.optional).count
        guard optional > 0, optional <= 4 else { return [alternative] }
        return (0..<(1 << optional)).map { mask in
            var bit = 0
            return pieces.map { piece -> String in
                guard piece.optional else { return piece.text }
                defer { bit += 1 }
                return mask & (1 << bit) != 0 ? piece.text : " "
            }.joined().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }

    /// How the key reads on a results screen: "B", "B and D", "(the) library".
    public var display: String {
        switch self {
        case .option(let label): label
        case .options(let labels): labels.sorted().joined(separator: " and ")
        case .text(_, let display): display
        }
    }
}
