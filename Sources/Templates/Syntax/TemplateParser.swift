/// Parses one template file into nodes, macros, imports and its parent (`extends`).
struct TemplateParser {
    let file: SourceFile
    private var segments: [Segment] = []
    private var index = 0
    private var parent: (name: String, offset: Int)? = nil
    private var macros: [String: MacroDefinition] = [:]
    private var imports: [MacroImport] = []

    static let tagNames = ["if", "elif", "else", "endif", "for", "empty", "endfor", "set", "block", "endblock",
                           "extends", "include", "macro", "endmacro", "import", "from", "raw"]

    init(file: SourceFile) { self.file = file }

    static func parse(_ file: SourceFile) throws(TemplateError) -> ParsedTemplate {
        var parser = TemplateParser(file: file)
        parser.segments = try Segmenter(file: file).segments()
        let (nodes, terminator) = try parser.parseNodes(until: [], depth: 0)
        if let terminator { throw file.error(at: terminator.offset, "unexpected '\(terminator.name)': there is no open tag it could close") }
        return ParsedTemplate(file: file, parent: parser.parent, nodes: nodes, macros: parser.macros, imports: parser.imports)
    }

    /// Parses nodes until one of `terminators` (returned) or the end of the file (nil).
    private mutating func parseNodes(until terminators: Set<String>, depth: Int) throws(TemplateError)
        -> ([Node], (name: String, offset: Int, parser: ExpressionParser)?)
    {
        var nodes: [Node] = []
        while index < segments.count {
            let segment = segments[index]
            index += 1
            switch segment {
            case .text(let bytes, let offset):
                nodes.append(.text(bytes, offset: offset))
            case .output(let content, let offset):
                var p = try expressionParser(content)
                guard p.current.kind != .end else { throw file.error(at: offset, "empty output '{{ }}'", hint: "put an expression inside, e.g. {{ lesson.title }}") }
                let expr = try p.parseExpression()
                try p.expectEnd("the output")
                nodes.append(.output(expr, offset: offset))
            case .tag(let content, let offset):
                var p = try expressionParser(content)
                guard case .name(let name) = p.current.kind else {
                    throw file.error(at: offset, "expected a tag name after '{%'", hint: "tags are: " + Self.tagNames.joined(separator: ", "))
                }
                if terminators.contains(name) {
                    _ = p.advance()
                    return (nodes, (name, offset, p))
                }
                _ = p.advance()
                if let node = try parseTag(name, parser: &p, offset: offset, depth: depth) { nodes.append(node) }
            }
        }
        return (nodes, nil)
    }

    private func expressionParser(_ range: Range<Int>) throws(TemplateError) -> ExpressionParser {
        ExpressionParser(file: file, tokens: try Tokenizer(file: file).tokens(in: range))
    }

    private mutating func parseBody(closing opener: String, at offset: Int, until terminators: Set<String>, depth: Int)
        throws(TemplateError) -> ([Node], (name: String, offset: Int, parser: ExpressionParser))
    {
        let (body, end) = try parseNodes(until: terminators, depth: depth + 1)
        guard let end else {
            let expected = terminators.sorted().map { "'{% \($0) %}'" }.joined(separator: " or ")
            throw file.error(at: offset, "'\(opener)' is never closed", hint: "expected \(expected) before the end of the file")
        }
        return (body, end)
    }

    private mutating func parseTag(_ name: String, parser p: inout ExpressionParser, offset: Int, depth: Int)
        throws(TemplateError) -> Node?
    {
        switch name {
        case "if":
            var branches: [Branch] = []
            var condition: Expr? = try p.parseExpression()
            try p.expectEnd("the 'if' tag")
            var branchOffset = offset
            while true {
                let (body, end) = try parseBody(closing: "if", at: offset, until: ["elif", "else", "endif"], depth: depth)
                branches.append(Branch(condition: condition, body: body, offset: branchOffset))
                var ep = end.parser
                switch end.name {
                case "elif":
                    guard condition != nil else { throw file.error(at: end.offset, "'elif' after 'else'", hint: "'else' must be the last branch") }
                    condition = try ep.parseExpression()
                    try ep.expectEnd("the 'elif' tag")
                    branchOffset = end.offset
                case "else":
                    guard condition != nil else { throw file.error(at: end.offset, "a second 'else' in the same 'if'") }
                    try ep.expectEnd("the 'else' tag")
                    condition = nil
                    branchOffset = end.offset
                default:
                    try ep.expectEnd("the 'endif' tag")
                    return .conditional(branches, offset: offset, endOffset: end.offset)
                }
            }
        case "for":
            var variables = [try p.expectName("a loop variable name after 'for'").0]
            if p.isSymbol(",") {
                _ = p.advance()
                variables.append(try p.expectName("a second loop variable name").0)
            }
            guard p.isName("in") else { throw p.unexpected("expected 'in' after the loop variable") }
            _ = p.advance()
            let sequence = try p.parseExpression()
            try p.expectEnd("the 'for' tag")
            let (body, end) = try parseBody(closing: "for", at: offset, until: ["empty", "else", "endfor"], depth: depth)
            var empty: [Node]? = nil
            if end.name != "endfor" {
                var ep = end.parser
                try ep.expectEnd("the '\(end.name)' tag")
                let (emptyBody, close) = try parseBody(closing: "for", at: offset, until: ["endfor"], depth: depth)
                var cp = close.parser
                try cp.expectEnd("the 'endfor' tag")
                empty = emptyBody
            } else {
                var ep = end.parser
                try ep.expectEnd("the 'endfor' tag")
            }
            return .loop(Loop(variables: variables, sequence: sequence, body: body, empty: empty, offset: offset))
        case "set":
            let (variable, _) = try p.expectName("a variable name after 'set'")
            try p.expectSymbol("=", "after the variable name in 'set'")
            let value = try p.parseExpression()
            try p.expectEnd("the 'set' tag")
            return .set(variable, value, offset: offset)
        case "block":
            let (blockName, _) = try p.expectName("a block name after 'block'")
            try p.expectEnd("the 'block' tag")
            let (body, end) = try parseBody(closing: "block \(blockName)", at: offset, until: ["endblock"], depth: depth)
            var ep = end.parser
            if case .name(let closing) = ep.current.kind {
                guard closing == blockName else {
                    throw file.error(at: end.offset, "'endblock \(closing)' closes the block '\(blockName)'", hint: "write '{% endblock \(blockName) %}' or just '{% endblock %}'")
                }
                _ = ep.advance()
            }
            try ep.expectEnd("the 'endblock' tag")
            return .block(blockName, body, offset: offset)
        case "extends":
            guard depth == 0 else { throw file.error(at: offset, "'extends' must be at the top level of a template") }
            guard parent == nil else { throw file.error(at: offset, "a template can extend only one layout") }
            parent = (try templatePath(&p, "extends"), offset)
            try p.expectEnd("the 'extends' tag")
            return nil
        case "include":
            let path = try templatePath(&p, "include")
            var parameters: [(String, Expr)] = []
            if p.isName("with") {
                _ = p.advance()
                repeat {
                    if p.isSymbol(",") { _ = p.advance() }
                    let (param, _) = try p.expectName("a parameter name (include \"x.html\" with name=value)")
                    try p.expectSymbol("=", "after the parameter name")
                    parameters.append((param, try p.parseExpression()))
                } while p.isSymbol(",")
            }
            try p.expectEnd("the 'include' tag")
            return .include(path, parameters, offset: offset)
        case "macro":
            guard depth == 0 else { throw file.error(at: offset, "macros must be defined at the top level of a template") }
            let (macroName, _) = try p.expectName("a macro name")
            try p.expectSymbol("(", "after the macro name")
            var parameters: [(name: String, defaultValue: Expr?)] = []
            while !p.isSymbol(")") {
                let (param, _) = try p.expectName("a parameter name")
                var defaultValue: Expr? = nil
                if p.isSymbol("=") { _ = p.advance(); defaultValue = try p.parseExpression() }
                parameters.append((param, defaultValue))
                if p.isSymbol(",") { _ = p.advance(); continue }
                guard p.isSymbol(")") else { throw p.unexpected("expected ',' or ')' in the parameter list") }
            }
            _ = p.advance()
            try p.expectEnd("the 'macro' tag")
            let (body, end) = try parseBody(closing: "macro", at: offset, until: ["endmacro"], depth: depth)
            var ep = end.parser
            try ep.expectEnd("the 'endmacro' tag")
            guard macros[macroName] == nil else { throw file.error(at: offset, "the macro '\(macroName)' is defined twice") }
            macros[macroName] = MacroDefinition(name: macroName, parameters: parameters, body: body, file: file, offset: offset)
            return nil
        case "import":
            let path = try templatePath(&p, "import")
            guard p.isName("as") else { throw p.unexpected("expected 'as' (import \"components.html\" as ui)") }
            _ = p.advance()
            let (alias, _) = try p.expectName("a namespace name after 'as'")
            try p.expectEnd("the 'import' tag")
            imports.append(MacroImport(path: path, alias: alias, names: [], offset: offset))
            return nil
        case "from":
            let path = try templatePath(&p, "from")
            guard p.isName("import") else { throw p.unexpected("expected 'import' (from \"components.html\" import card)") }
            _ = p.advance()
            var names: [(name: String, alias: String)] = []
            repeat {
                if p.isSymbol(",") { _ = p.advance() }
                let (macroName, _) = try p.expectName("a macro name to import")
                var alias = macroName
                if p.isName("as") { _ = p.advance(); alias = try p.expectName("a local name after 'as'").0 }
                names.append((macroName, alias))
            } while p.isSymbol(",")
            try p.expectEnd("the 'from' tag")
            imports.append(MacroImport(path: path, alias: nil, names: names, offset: offset))
            return nil
        case "elif", "else", "endif", "empty", "endfor", "endblock", "endmacro", "endraw":
            throw file.error(at: offset, "unexpected '\(name)': there is no open tag it could close")
        default:
            throw file.error(at: offset, "unknown tag '\(name)'",
                             hint: suggestion(for: name, among: Self.tagNames) ?? "tags are: " + Self.tagNames.joined(separator: ", "))
        }
    }

    private func templatePath(_ p: inout ExpressionParser, _ tag: String) throws(TemplateError) -> String {
        guard case .string(let path) = p.current.kind else { throw p.unexpected("expected a quoted template name after '\(tag)'") }
        _ = p.advance()
        return path
    }
}

/// "did you mean 'x'?" for a misspelt name, when one known name is close enough.
func suggestion(for name: String, among candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = old
            }
        }
        return row[b.count]
    }
    let chars = Array(name)
    let best = candidates.map { ($0, distance(chars, Array($0))) }.min { $0.1 < $1.1 }
    guard let best, best.1 <= max(1, name.count / 3) else { return nil }
    return "did you mean '\(best.0)'?"
}
