import CYaml

/// The YAML of BandUp's blocks (`questions`, `vocab`, `audio`), read straight from libyaml's
/// events into a small tree of text: every scalar is text, as with ``YAMLText``.
///
/// Why not Yams's `compose`: building Yams's nodes (tags, marks, duplicate checks through
/// hashing) was the largest cost of rendering a lesson. libyaml is Yams's own bundled copy
/// (module `CYaml`), so the parsing, and every error, is exactly YAML's.
indirect enum BlockYAML: Sendable, Equatable {
    case scalar(String, line: Int)
    case sequence([BlockYAML], line: Int)
    case mapping([(key: String, keyLine: Int, value: BlockYAML)], line: Int)

    /// The line (1-based, in the YAML text) the node starts on.
    var line: Int {
        switch self {
        case .scalar(_, let line), .sequence(_, let line), .mapping(_, let line): line
        }
    }

    /// The text of a scalar.
    var string: String? {
        if case .scalar(let text, _) = self { text } else { nil }
    }

    static func == (a: BlockYAML, b: BlockYAML) -> Bool {
        switch (a, b) {
        case let (.scalar(x, l), .scalar(y, m)): x == y && l == m
        case let (.sequence(x, l), .sequence(y, m)): x == y && l == m
        case let (.mapping(x, l), .mapping(y, m)):
            l == m && x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.keyLine == $1.keyLine && $0.value == $1.value }
        default: false
        }
    }

    /// Why a text is not YAML, and the line.
    struct Problem: Error, Equatable {
        let line: Int
        let message: String
    }

    /// Nested lists and mappings deeper than this are refused (blocks are two or three levels deep).
    static let maximumDepth = 32

    /// The YAML of a block that starts on `line` of `file` (YAML line 1 is the line after the fence),
    /// with errors as ``ContentError``s on the file's lines.
    static func parse(_ text: String, file: String, line: Int, what: String) throws(ContentError) -> BlockYAML? {
        do { return try parse(text) } catch {
            throw ContentError(file: file, line: line + error.line, message: "\(what) is not valid YAML (\(error.message))")
        }
    }

    /// The single document of `text`, or nil when it is empty.
    static func parse(_ text: String) throws(Problem) -> BlockYAML? {
        var bytes = Array(text.utf8)
        bytes.append(0)
        let result: Result<BlockYAML?, Problem> = bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return .failure(Problem(line: 1, message: "out of memory")) }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count - 1)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            do throws(Problem) { return .success(try load(&parser)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private enum Frame {
        case sequence([BlockYAML], line: Int)
        case mapping([(key: String, keyLine: Int, value: BlockYAML)], pendingKey: (String, Int)?, line: Int)
    }

    private static func load(_ parser: inout yaml_parser_t) throws(Problem) -> BlockYAML? {
        var stack: [Frame] = []
        var root: BlockYAML?
        var documents = 0
        func attach(_ value: BlockYAML) throws(Problem) {
            guard let top = stack.popLast() else {
                root = value
                return
            }
            switch top {
            case .sequence(var items, let line):
                items.append(value)
                stack.append(.sequence(items, line: line))
            case .mapping(var pairs, let pending, let line):
                if let (key, keyLine) = pending {
                    if pairs.contains(where: { $0.key == key }) { throw Problem(line: keyLine, message: "'\(key)' is given twice") }
                    pairs.append((key, keyLine, value))
                    stack.append(.mapping(pairs, pendingKey: nil, line: line))
                } else {
                    guard case .scalar(let key, let keyLine) = value else { throw Problem(line: value.line, message: "a key must be text") }
                    stack.append(.mapping(pairs, pendingKey: (key, keyLine), line: line))
                }
            }
        }
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { throw problem(parser) }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 { throw Problem(line: line, message: "a block holds one YAML document (no second '---')") }
            case YAML_ALIAS_EVENT:
                throw Problem(line: line, message: "BandUp's blocks do not use YAML anchors and aliases (*name)")
            case YAML_SCALAR_EVENT:
                if event.data.scalar.anchor != nil { throw Problem(line: line, message: "BandUp's blocks do not use YAML anchors (&name)") }
                let value = event.data.scalar.value.map { pointer in
                    String(decoding: UnsafeBufferPointer(start: pointer, count: event.data.scalar.length), as: UTF8.self)
                } ?? ""
                try attach(.scalar(value, line: line))
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard stack.count < maximumDepth else { throw Problem(line: line, message: "lists and mappings are nested too deeply") }
                stack.append(event.type == YAML_SEQUENCE_START_EVENT ? .sequence([], line: line) : .mapping([], pendingKey: nil, line: line))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let done = stack.popLast() else { throw Problem(line: line, message: "unbalanced YAML") }
                switch done {
                case .sequence(let items, let start): try attach(.sequence(items, line: start))
                case .mapping(let pairs, _, let start): try attach(.mapping(pairs, line: start))
                }
            default:
                break  // stream and document boundaries
            }
        }
    }

    /// libyaml's error, at the line where the unfinished construct began (an unclosed `[`) or else
    /// where the problem was found.
    private static func problem(_ parser: yaml_parser_t) -> Problem {
        let message = parser.problem.map { String(cString: $0) } ?? "not valid YAML"
        let mark = parser.context != nil ? parser.context_mark : parser.problem_mark
        return Problem(line: Int(mark.line) + 1, message: message)
    }
}
