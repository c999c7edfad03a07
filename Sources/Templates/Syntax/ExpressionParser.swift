/// Recursive-descent parser for the expression language (Jinja's precedence:
/// `or` < `and` < `not` < comparisons < `+ - ~` < `* / %` < filters < unary minus < `. [] ()`).
struct ExpressionParser {
    let file: SourceFile
    var tokens: [Token]
    var position = 0

    init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens
    }

    var current: Token { tokens[position] }

    mutating func advance() -> Token {
        let t = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    func isSymbol(_ s: String) -> Bool { current.kind == .symbol(s) }
    func isName(_ s: String) -> Bool { current.kind == .name(s) }

    mutating func expectSymbol(_ s: String, _ context: String) throws(TemplateError) {
        guard isSymbol(s) else { throw unexpected("expected '\(s)' \(context)") }
        _ = advance()
    }

    mutating func expectName(_ what: String) throws(TemplateError) -> (String, Int) {
        guard case .name(let n) = current.kind else { throw unexpected("expected \(what)") }
        let offset = current.offset
        _ = advance()
        return (n, offset)
    }

    func unexpected(_ expected: String) -> TemplateError {
        file.error(at: current.offset, "\(expected), found \(current.describe)")
    }

    mutating func expectEnd(_ context: String) throws(TemplateError) {
        guard current.kind == .end else { throw unexpected("expected the end of \(context)") }
    }

    // MARK: Grammar

    mutating func parseExpression() throws(TemplateError) -> Expr { try parseOr() }

    private mutating func parseOr() throws(TemplateError) -> Expr {
        var left = try parseAnd()
        while isName("or") {
            let offset = advance().offset
            left = .binary(.or, left, try parseAnd(), offset: offset)
        }
        return left
    }

    private mutating func parseAnd() throws(TemplateError) -> Expr {
        var left = try parseNot()
        while isName("and") {
            let offset = advance().offset
            left = .binary(.and, left, try parseNot(), offset: offset)
        }
        return left
    }

    private mutating func parseNot() throws(TemplateError) -> Expr {
        if isName("not") {
            let offset = advance().offset
            return .not(try parseNot(), offset: offset)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(TemplateError) -> Expr {
        var left = try parseAdditive()
        while true {
            let offset = current.offset
            if case .symbol(let s) = current.kind, let op = BinaryOperator(rawValue: s),
               [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op)
            {
                _ = advance()
                left = .binary(op, left, try parseAdditive(), offset: offset)
            } else if isName("in") {
                _ = advance()
                left = .binary(.in, left, try parseAdditive(), offset: offset)
            } else if isName("not"), position + 1 < tokens.count, tokens[position + 1].kind == .name("in") {
                _ = advance(); _ = advance()
                left = .binary(.notIn, left, try parseAdditive(), offset: offset)
            } else if isName("is") {
                _ = advance()
                var negated = false
                if isName("not") { _ = advance(); negated = true }
                let (test, _) = try expectName("a test name after 'is' (defined, none, even, odd)")
                guard ["defined", "none", "even", "odd"].contains(test) else {
                    throw file.error(at: offset, "unknown test '\(test)'", hint: "tests are: defined, none, even, odd")
                }
                left = .test(left, test, negated: negated, offset: offset)
            } else {
                return left
            }
        }
    }

    private mutating func parseAdditive() throws(TemplateError) -> Expr {
        var left = try parseMultiplicative()
        while case .symbol(let s) = current.kind, s == "+" || s == "-" || s == "~" {
            let offset = advance().offset
            left = .binary(BinaryOperator(rawValue: s)!, left, try parseMultiplicative(), offset: offset)
        }
        return left
    }

    private mutating func parseMultiplicative() throws(TemplateError) -> Expr {
        var left = try parseUnary()
        while case .symbol(let s) = current.kind, s == "*" || s == "/" || s == "%" {
            let offset = advance().offset
            left = .binary(BinaryOperator(rawValue: s)!, left, try parseUnary(), offset: offset)
        }
        return left
    }

    private mutating func parseUnary() throws(TemplateError) -> Expr {
        try parseFiltered()
    }

    /// Unary minus binds tighter than filters, as in Jinja: `-3 | abs` is 3.
    private mutating func parseSigned() throws(TemplateError) -> Expr {
        if isSymbol("-") {
            let offset = advance().offset
            return .negate(try parseSigned(), offset: offset)
        }
        return try parsePostfix()
    }

    private mutating func parseFiltered() throws(TemplateError) -> Expr {
        var value = try parseSigned()
        while isSymbol("|") {
            _ = advance()
            let (name, offset) = try expectName("a filter name after '|'")
            var arguments: [Argument] = []
            if isSymbol("(") { arguments = try parseArguments() }
            value = .filter(value, name, arguments, offset: offset)
        }
        return value
    }

    private mutating func parsePostfix() throws(TemplateError) -> Expr {
        var value = try parsePrimary()
        while true {
            if isSymbol(".") {
                let offset = advance().offset
                let (name, _) = try expectName("a member name after '.'")
                value = .member(value, name, offset: offset)
            } else if isSymbol("[") {
                let offset = advance().offset
                let index = try parseExpression()
                try expectSymbol("]", "to close the subscript")
                value = .index(value, index, offset: offset)
            } else if isSymbol("(") {
                let offset = current.offset
                value = .call(value, try parseArguments(), offset: offset)
            } else {
                return value
            }
        }
    }

    /// `( a, b, label=c )`
    mutating func parseArguments() throws(TemplateError) -> [Argument] {
        try expectSymbol("(", "to start the arguments")
        var arguments: [Argument] = []
        while !isSymbol(")") {
            var label: String? = nil
            if case .name(let n) = current.kind, position + 1 < tokens.count, tokens[position + 1].kind == .symbol("=") {
                label = n
                _ = advance(); _ = advance()
            }
            arguments.append(Argument(label: label, value: try parseExpression()))
            if isSymbol(",") { _ = advance(); continue }
            guard isSymbol(")") else { throw unexpected("expected ',' or ')' in the argument list") }
        }
        _ = advance()
        return arguments
    }

    private mutating func parsePrimary() throws(TemplateError) -> Expr {
        let token = current
        switch token.kind {
        case .int(let i): _ = advance(); return .literal(.int(i), offset: token.offset)
        case .double(let d): _ = advance(); return .literal(.double(d), offset: token.offset)
        case .string(let s): _ = advance(); return .literal(.string(s), offset: token.offset)
        case .name(let n):
            _ = advance()
            switch n {
            case "true", "True": return .literal(.bool(true), offset: token.offset)
            case "false", "False": return .literal(.bool(false), offset: token.offset)
            case "none", "None", "null", "nil": return .literal(.null, offset: token.offset)
            case "and", "or", "not", "in", "is":
                throw file.error(at: token.offset, "expected a value, found the keyword '\(n)'")
            default: return .name(n, offset: token.offset)
            }
        case .symbol("("):
            _ = advance()
            let inner = try parseExpression()
            try expectSymbol(")", "to close the parenthesis")
            return inner
        case .symbol("["):
            _ = advance()
            var items: [Expr] = []
            while !isSymbol("]") {
                items.append(try parseExpression())
                if isSymbol(",") { _ = advance(); continue }
                guard isSymbol("]") else { throw unexpected("expected ',' or ']' in the list") }
            }
            _ = advance()
            return .list(items, offset: token.offset)
        default:
            throw unexpected("expected a value (a name, number, string, list or parenthesis)")
        }
    }
}
