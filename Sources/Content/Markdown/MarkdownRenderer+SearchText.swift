import CCmark
import Foundation

extension MarkdownRenderer {
    /// The words of a lesson body as a learner reads them, for full-text search and its snippets:
    /// no Markdown punctuation, no YAML keys, and nothing from ```` ```questions ```` blocks (their
    /// keys and explanations are the answers). Callouts, tables, word lists and transcripts count.
    public static func searchText(_ markdown: String) -> String {
        guard markdown.utf8.count <= maximumSize,
              let document = cmark_parse_document(markdown, markdown.utf8.count, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8) else { return "" }
        defer { cmark_node_free(document) }
        var text = ""
        appendText(of: document, to: &text, depth: 0)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func appendText(of document: OpaquePointer, to text: inout String, depth: Int) {
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let literal = { cmark_node_get_literal(node).map { String(cString: $0) } ?? "" }
            if event == CMARK_EVENT_EXIT {
                if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_ITEM { text += "\n" }
                continue
            }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += literal()
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            case CMARK_NODE_CODE_BLOCK:
                let body = literal()
                switch customBlock(node)?.kind {
                case "questions", "section": break
                case "callout":
                    guard depth < maximumCalloutDepth, let inner = cmark_parse_document(body, body.utf8.count, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8) else { break }
                    appendText(of: inner, to: &text, depth: depth + 1)
                    cmark_node_free(inner)
                case "table": text += body.replacingOccurrences(of: "|", with: " ") + "\n"
                case "audio", "vocab": text += yamlValues(body) + "\n"
                default: text += body + "\n"
                }
            default: break
            }
        }
    }

    /// The values of simple block YAML, one per line, without keys, list dashes, quotes or media paths.
    static func yamlValues(_ yaml: String) -> String {
        var values: [Substring] = []
        for raw in yaml.split(separator: "\n") {
            var line = raw.drop { $0 == " " }
            if line.hasPrefix("- ") { line = line.dropFirst(2).drop { $0 == " " } }
            if let colon = line.firstIndex(of: ":"), line[..<colon].allSatisfy({ $0.isLetter || $0 == "_" }) {
                if line[..<colon] == "src" { continue }
                line = line[line.index(after: colon)...].drop { $0 == " " }
            }
            if line == "|" || line == ">" || line.isEmpty { continue }
            if line.count >= 2, let first = line.first, first == line.last, first == "\"" || first == "'" { line = line.dropFirst().dropLast() }
            values.append(line)
        }
        return values.joined(separator: "\n")
    }
}
