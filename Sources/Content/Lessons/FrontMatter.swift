import Practice
import Foundation
import Yams

/// A lesson's or a test's YAML front matter, read field by field so that unknown keys, missing
/// fields and wrong types are errors naming the line.
struct FrontMatter {
    static let keys: Set<String> = ["title", "slug", "skill", "level", "topic", "summary", "minutes", "tags", "audio", "vocabulary"]
    static let testKeys: Set<String> = ["title", "slug", "kind", "minutes"]

    let file: String
    let firstLine: Int
    private var values: [String: (node: Node, line: Int)] = [:]

    init(yaml: String, file: String, firstLine: Int, keys allowed: Set<String> = FrontMatter.keys) throws(ContentError) {
        self.file = file
        self.firstLine = firstLine
        let root: Node?
        do { root = try YAMLText.compose(yaml) } catch {
            let line = YamlError.line(of: error)
            throw ContentError(file: file, line: firstLine + line - 1, message: "the front matter is not valid YAML")
        }
        guard case .mapping(let mapping)? = root else {
            throw ContentError(file: file, line: firstLine, message: "the front matter is `key: value` lines")
        }
        for (key, value) in mapping {
            let line = firstLine + (key.mark?.line ?? 1) - 1
            guard let name = key.string, allowed.contains(name) else {
                throw ContentError(file: file, line: line, message: "unknown front matter key '\(key.string ?? "?")' (known: \(allowed.sorted().joined(separator: ", ")))")
            }
            values[name] = (value, line)
        }
    }

    /// The YAML node of `key` and its line, for fields with structure of their own (a chart, a cue card).
    func node(_ key: String) -> (node: Node, line: Int)? { values[key] }

    /// The line in the file of a node inside the front matter.
    func line(of node: Node) -> Int { firstLine + (node.mark?.line ?? 1) - 1 }

    func error(_ key: String, _ message: String) -> ContentError {
        ContentError(file: file, line: values[key]?.line ?? firstLine, message: message)
    }

    func text(_ key: String) throws(ContentError) -> String {
        guard let text = try optionalText(key) else { throw ContentError(file: file, line: firstLine, message: "the front matter has no '\(key)'") }
        return text
    }

    func optionalText(_ key: String) throws(ContentError) -> String? {
        guard let (node, _) = values[key] else { return nil }
        guard case .scalar = node, let text = node.string?.trimmed, !text.isEmpty else {
            throw error(key, "'\(key)' must be text")
        }
        guard key == "summary" || !text.contains(where: \.isNewline) else { throw error(key, "'\(key)' must be one line") }
        return text
    }

    func integer(_ key: String) throws(ContentError) -> Int {
        guard let number = Int(try text(key)) else { throw error(key, "'\(key)' must be a whole number") }
        return number
    }

    func list(_ key: String, optional: Bool) throws(ContentError) -> [String] {
        guard let (node, _) = values[key] else {
            if optional { return [] }
            throw ContentError(file: file, line: firstLine, message: "the front matter has no '\(key)'")
        }
        guard case .sequence(let items) = node else { throw error(key, "'\(key)' must be a list, such as [reading, speed]") }
        return try items.map { item throws(ContentError) in
            guard case .scalar = item, let text = item.string?.trimmed, !text.isEmpty else {
                throw error(key, "each of '\(key)' must be text")
            }
            guard !text.contains(","), !text.contains(where: \.isNewline) else { throw error(key, "a tag is a word or a phrase without commas: '\(text)'") }
            return text
        }
    }

    func vocabulary(_ key: String) throws(ContentError) -> [VocabularyItem] {
        guard let (node, line) = values[key] else { return [] }
        guard case .sequence(let items) = node else { throw error(key, "'\(key)' must be a list of entries") }
        return try items.map { item throws(ContentError) in
            let at = firstLine + (item.mark?.line ?? 1) - 1
            guard case .mapping(let mapping) = item else { throw ContentError(file: file, line: at, message: "each vocabulary entry has term, definition, pos, example") }
            var fields: [String: String] = [:]
            for (name, value) in mapping {
                guard let field = name.string, ["term", "pos", "definition", "example"].contains(field) else {
                    throw ContentError(file: file, line: firstLine + (name.mark?.line ?? 1) - 1, message: "unknown vocabulary key '\(name.string ?? "?")'")
                }
                guard case .scalar = value, let text = value.string else { throw ContentError(file: file, line: at, message: "'\(field)' must be text") }
                fields[field] = text
            }
            guard let term = fields["term"], let definition = fields["definition"] else {
                throw ContentError(file: file, line: max(at, line), message: "a vocabulary entry needs a term and a definition")
            }
            return VocabularyItem(term: term, partOfSpeech: fields["pos"], definition: definition, example: fields["example"])
        }
    }
}
