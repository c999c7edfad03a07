/// An expression as written in a template.
indirect enum Expr {
    case literal(TemplateValue, offset: Int)
    case name(String, offset: Int)
    case member(Expr, String, offset: Int)
    case index(Expr, Expr, offset: Int)
    case call(Expr, [Argument], offset: Int)
    case filter(Expr, String, [Argument], offset: Int)
    case not(Expr, offset: Int)
    case negate(Expr, offset: Int)
    case binary(BinaryOperator, Expr, Expr, offset: Int)
    /// `x is defined`, `x is not none`, ...
    case test(Expr, String, negated: Bool, offset: Int)
    case list([Expr], offset: Int)

    var offset: Int {
        switch self {
        case .literal(_, let o), .name(_, let o), .member(_, _, let o), .index(_, _, let o), .call(_, _, let o),
            .filter(_, _, _, let o), .not(_, let o), .negate(_, let o), .binary(_, _, _, let o),
            .test(_, _, _, let o), .list(_, let o):
            return o
        }
    }

    /// `a.b.c` as ["a", "b", "c"], when the expression is such a path.
    var dottedPath: [String]? {
        switch self {
        case .name(let n, _): return [n]
        case .member(let base, let name, _): return base.dottedPath.map { $0 + [name] }
        default: return nil
        }
    }
}

/// A call or filter argument, positional or `label=value`.
struct Argument {
    let label: String?
    let value: Expr
}

enum BinaryOperator: String {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in`, notIn = "not in"
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", concat = "~"
}

/// A parsed piece of template structure.
indirect enum Node {
    case text(ArraySlice<UInt8>, offset: Int)
    case output(Expr, offset: Int)
    /// `if`/`elif`/`else`: the branches in order; `else` has a nil condition.
    case conditional([Branch], offset: Int, endOffset: Int)
    case loop(Loop)
    case set(String, Expr, offset: Int)
    case block(String, [Node], offset: Int)
    case include(String, [(String, Expr)], offset: Int)

    var offset: Int {
        switch self {
        case .text(_, let o), .output(_, let o), .conditional(_, let o, _), .set(_, _, let o), .block(_, _, let o), .include(_, _, let o): o
        case .loop(let loop): loop.offset
        }
    }
}

struct Branch {
    let condition: Expr?
    let body: [Node]
    let offset: Int
}

struct Loop {
    /// `for item in items` has one variable; `for key, value in object` has two.
    let variables: [String]
    let sequence: Expr
    let body: [Node]
    let empty: [Node]?
    let offset: Int
}

/// `{% macro name(a, b="x") %}...{% endmacro %}`: a reusable component.
struct MacroDefinition {
    let name: String
    let parameters: [(name: String, defaultValue: Expr?)]
    let body: [Node]
    let file: SourceFile
    let offset: Int
}

/// `{% import "components.html" as ui %}` or `{% from "components.html" import card, badge %}`.
struct MacroImport {
    let path: String
    /// Namespace alias for `import ... as`.
    let alias: String?
    /// Names (and local aliases) for `from ... import`.
    let names: [(name: String, alias: String)]
    let offset: Int
}

/// One template file after parsing.
struct ParsedTemplate {
    let file: SourceFile
    let parent: (name: String, offset: Int)?
    let nodes: [Node]
    let macros: [String: MacroDefinition]
    let imports: [MacroImport]
}
