import Feedback
import Templates

/// A learner's answer as paragraphs of plain and annotated pieces, so the page marks each
/// sentence the feedback comments on, in place. Sentences are found ignoring differences of
/// white space; one that cannot be found is listed below the text instead.
struct AnnotatedText {
    struct Piece: Equatable {
        let text: String
        /// The annotation's number (from 1), when this piece is an annotated sentence.
        let note: Int?
    }

    let paragraphs: [[Piece]]
    /// Annotations found in the text, by number, and those that were not.
    let placed: Set<Int>

    init(_ text: String, annotations: [FeedbackResult.Annotation]) {
        // The text with runs of white space as one space, and where each character came from.
        let characters = Array(text)
        var flat: [Character] = [], origin: [Int] = []
        for (index, character) in characters.enumerated() {
            if character.isWhitespace {
                if flat.last == " " || flat.isEmpty { continue }
                flat.append(" ")
            } else {
                flat.append(character)
            }
            origin.append(index)
        }
        var marks: [(range: Range<Int>, note: Int)] = []
        for (offset, annotation) in annotations.enumerated() {
            let wanted = Array(annotation.sentence.split(whereSeparator: \.isWhitespace).joined(separator: " "))
            guard !wanted.isEmpty, wanted.count <= flat.count else { continue }
            var start = 0
            while start + wanted.count <= flat.count {
                if flat[start] == wanted[0], Array(flat[start..<(start + wanted.count)]) == wanted {
                    let range = origin[start]..<(origin[start + wanted.count - 1] + 1)
                    if !marks.contains(where: { $0.range.overlaps(range) }) { marks.append((range, offset + 1)) }
                    break
                }
                start += 1
            }
        }
        marks.sort { $0.range.lowerBound < $1.range.lowerBound }
        placed = Set(marks.map(\.note))
        // Pieces over the whole text, then split into paragraphs at blank lines.
        var pieces: [Piece] = [], cursor = 0
        for mark in marks {
            if cursor < mark.range.lowerBound { pieces.append(Piece(text: String(characters[cursor..<mark.range.lowerBound]), note: nil)) }
            pieces.append(Piece(text: String(characters[mark.range]), note: mark.note))
            cursor = mark.range.upperBound
        }
        if cursor < characters.count { pieces.append(Piece(text: String(characters[cursor...]), note: nil)) }
        var paragraphs: [[Piece]] = [[]]
        for piece in pieces {
            let parts = piece.text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n\n", omittingEmptySubsequences: false)
            for (index, part) in parts.enumerated() {
                if index > 0 { paragraphs.append([]) }
                if !part.isEmpty { paragraphs[paragraphs.count - 1].append(Piece(text: String(part), note: piece.note)) }
            }
        }
        self.paragraphs = paragraphs.filter { paragraph in paragraph.contains { !$0.text.allSatisfy(\.isWhitespace) } }
    }

    var templateValue: TemplateValue {
        .array(paragraphs.map { paragraph in
            .array(paragraph.map { piece in
                .dictionary(["text": .string(piece.text), "note": piece.note.map { .int($0) } ?? .null])
            })
        })
    }
}
