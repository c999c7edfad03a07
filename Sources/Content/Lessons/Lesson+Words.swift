import Practice
import CCmark

extension Lesson {
    /// Every word the lesson teaches: its front matter's `vocabulary`, then the entries of its
    /// ```` ```vocab ```` blocks (a term once). What "Add to my flashcards" adds.
    public func words(file: String = "lesson.md") throws(ContentError) -> [VocabularyItem] {
        var words = vocabulary, seen = Set(vocabulary.map { $0.term.lowercased() })
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        guard body.utf8.count <= MarkdownRenderer.maximumSize, let document = cmark_parse_document(body, body.utf8.count, options) else { return words }
        defer { cmark_node_free(document) }
        var node = cmark_node_first_child(document)
        while let current = node {
            node = cmark_node_next(current)
            guard cmark_node_get_type(current) == CMARK_NODE_CODE_BLOCK, MarkdownRenderer.customBlock(current)?.kind == "vocab" else { continue }
            let text = cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
            let line = bodyLine + Int(cmark_node_get_start_line(current)) - 1
            for entry in try LessonBlocks.yamlList(text, file: file, line: line, keys: ["term", "pos", "definition", "example"], required: ["term", "definition"]) {
                guard let term = entry["term"], let definition = entry["definition"], seen.insert(term.lowercased()).inserted else { continue }
                words.append(VocabularyItem(term: term, partOfSpeech: entry["pos"], definition: definition, example: entry["example"]))
            }
        }
        return words
    }
}
