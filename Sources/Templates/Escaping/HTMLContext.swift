/// Where in an HTML document a position of the template is: the state of a small HTML/JS tokenizer
/// run over the template's static text at compile time (the approach of Go's `html/template`).
struct HTMLContext: Equatable, Sendable {
    enum State: Equatable, Sendable {
        /// Element content, e.g. `<p>here</p>`.
        case text
        /// A `<` was the last byte: the next byte decides between a tag and text.
        case lessThan(slash: Bool)
        /// Text of `<title>` or `<textarea>` (escapable raw text), until `</name`.
        case rcdata(String)
        /// Inside `<script>`.
        case script(JSState)
        /// `<style>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`, `<plaintext>`: raw text until `</name`.
        case rawText(String)
        /// `<!-- ... -->`
        case comment
        /// `<!DOCTYPE ...>` or `<? ... >`.
        case declaration
        /// Reading a tag's name after `<` or `</`.
        case tagName(isEnd: Bool)
        /// Inside a tag, between attributes.
        case inTag
        /// Where branches of a conditional met inside a tag, one still reading a name and one not:
        /// only a space, `/` or `>` may follow, or the name would continue in some branches.
        case tagBoundary
        /// Reading an attribute name.
        case attributeName
        /// After an attribute name, before `=` or the next attribute.
        case afterAttributeName
        /// After `=`, before the value.
        case beforeValue
        /// A quoted attribute value.
        case value(AttributeKind, quote: UInt8, url: URLPart)
        /// An unquoted attribute value.
        case unquotedValue
        /// A document that is not HTML (a `.txt` template: the plain-text part of a mail): values
        /// are written as they are.
        case plainText
    }

    var state: State
    /// The tag being read (lowercased), while inside a tag.
    var tag: String = ""
    /// The attribute being read (lowercased), from its name to the end of its value.
    var attribute: String = ""

    static let start = HTMLContext(state: .text)
    /// Where a `.txt` template starts, and stays.
    static let plainTextStart = HTMLContext(state: .plainText)

    /// Where the template `name` starts: plain text for `.txt` files, HTML element text otherwise.
    static func start(forTemplate name: String) -> HTMLContext { name.hasSuffix(".txt") ? plainTextStart : start }
}

/// What an attribute's value means.
enum AttributeKind: Equatable, Sendable {
    case plain
    case url
    /// `on*` event handlers.
    case script
    /// `style`.
    case style
    /// `srcdoc`: HTML that will be parsed again.
    case html

    init(attributeName raw: String) {
        var name = raw
        if let colon = name.lastIndex(of: ":") { name = String(name[name.index(after: colon)...]) }
        if name.hasPrefix("data-") { name.removeFirst(5) }
        if name.hasPrefix("on") { self = .script; return }
        if name == "style" { self = .style; return }
        if name == "srcdoc" { self = .html; return }
        if Self.urlAttributes.contains(name) || name.contains("src") || name.contains("uri") || name.contains("url") {
            self = .url
            return
        }
        self = .plain
    }

    static let urlAttributes: Set<String> = [
        "action", "archive", "background", "cite", "classid", "codebase", "data", "formaction", "href", "icon",
        "longdesc", "manifest", "ping", "poster", "profile", "src", "srcset", "usemap", "xmlns", "lowsrc", "dynsrc",
    ]
}

/// Which part of a URL attribute value we are in.
enum URLPart: Equatable, Sendable {
    /// Nothing but spaces so far: a value here decides the scheme.
    case start
    /// Only values (and scheme letters) so far: the scheme is still open, so each further value is filtered too.
    case scheme
    /// Only static scheme letters so far (`java`, `https`): a value here could still complete a scheme.
    case staticScheme
    /// After the start, before `?` or `#`.
    case path
    /// After `?` or `#`.
    case query
    /// Different branches of a conditional left different parts.
    case unknown
}

/// Where inside JavaScript we are.
enum JSState: Equatable, Sendable {
    /// Code; `slash` says what a `/` would start.
    case code(slash: Slash)
    case doubleQuoted, singleQuoted, template
    case lineComment, blockComment
    case regex, regexClass

    enum Slash: Equatable, Sendable { case regex, division, unknown }
}

/// How a value printed at some position is escaped; chosen at compile time.
enum Escaper: Equatable, Sendable {
    /// Element text: HTML-escaped; trusted HTML passes through.
    case html
    /// Quoted attribute values and RCDATA: HTML-escaped, trusted HTML too.
    case attribute
    /// The start of a URL attribute: scheme filtered, normalised, attribute-escaped.
    case urlStart
    /// Later in a URL, before the query: normalised and attribute-escaped.
    case urlPath
    /// In the query or fragment: percent-encoded.
    case urlQuery
    /// JavaScript code: a JSON literal safe inside `<script>`.
    case scriptValue
    /// Plain text that no browser parses (a mail's text part): written as it is.
    case verbatim
    /// Inside a quoted JavaScript string: string-escaped.
    case scriptString
}

extension HTMLContext {
    /// The escaper for a value printed here, or why no escaping can make it safe.
    func escaper() -> Result<Escaper, ContextError> {
        switch state {
        case .text: return .success(.html)
        case .plainText: return .success(.verbatim)
        case .rcdata: return .success(.attribute)
        case .script(let js):
            switch js {
            case .code: return .success(.scriptValue)
            case .doubleQuoted, .singleQuoted: return .success(.scriptString)
            case .template: return .failure(ContextError("a value inside a JavaScript template literal cannot be escaped safely", hint: "print the value outside the backticks; values in <script> become JSON literals"))
            case .lineComment, .blockComment: return .failure(ContextError("a value inside a JavaScript comment cannot be escaped safely"))
            case .regex, .regexClass: return .failure(ContextError("a value inside a JavaScript regular expression cannot be escaped safely"))
            }
        case .rawText(let name):
            if name == "style" { return .failure(ContextError("a value inside <style> cannot be escaped safely", hint: "CSS is not a context this engine escapes; use a class instead")) }
            return .failure(ContextError("a value inside <\(name)> cannot be escaped safely"))
        case .comment: return .failure(ContextError("a value inside an HTML comment cannot be escaped safely", hint: "use a template comment {# ... #} instead"))
        case .declaration: return .failure(ContextError("a value inside a <!...> declaration cannot be escaped safely"))
        case .lessThan: return .failure(ContextError("a value right after '<' could become a tag name", hint: "write &lt; for a literal '<'"))
        case .tagName: return .failure(ContextError("a value cannot be a tag name"))
        case .inTag, .attributeName, .afterAttributeName, .tagBoundary:
            return .failure(ContextError("a value cannot be an attribute name", hint: "write the attribute in the template and put the value inside its quotes"))
        case .beforeValue, .unquotedValue:
            return .failure(ContextError("a value in an unquoted attribute value cannot be escaped safely", hint: "put quotes around the attribute value: \(attribute.isEmpty ? "name" : attribute)=\"{{ ... }}\""))
        case .value(let kind, _, let url):
            switch kind {
            case .plain: return .success(.attribute)
            case .script: return .failure(ContextError("a value inside the event handler attribute '\(attribute)' cannot be escaped safely", hint: "put the value in a data- attribute and read it from a script file"))
            case .style: return .failure(ContextError("a value inside a style attribute cannot be escaped safely", hint: "CSS is not a context this engine escapes; use a class instead"))
            case .html: return .failure(ContextError("a value inside '\(attribute)' would be parsed as HTML again and cannot be escaped safely"))
            case .url:
                switch url {
                case .start, .scheme, .staticScheme: return .success(.urlStart)
                case .path: return .success(.urlPath)
                case .query: return .success(.urlQuery)
                case .unknown: return .failure(ContextError("the branches before this value leave it unclear whether it is in the path or the query of the URL", hint: "make every branch end in the same part of the URL"))
                }
            }
        }
    }

    /// The context after printing a value here.
    func afterValue() -> HTMLContext {
        var next = self
        switch state {
        case .value(.url, let quote, .start), .value(.url, let quote, .staticScheme):
            next.state = .value(.url, quote: quote, url: .scheme)
        case .script(.code): next.state = .script(.code(slash: .division))
        default: break
        }
        return next
    }

    /// Where two branches meet (an `if` and its `else`, a loop body and its start), or nil when
    /// they disagree in a way that matters.
    static func join(_ a: HTMLContext, _ b: HTMLContext) -> HTMLContext? {
        if a == b { return a }
        let x = a.normalisedForJoin, y = b.normalisedForJoin
        if x == y { return x }
        guard x.tag == y.tag, x.attribute == y.attribute else { return nil }
        switch (x.state, y.state) {
        case (.value(let k1, let q1, _), .value(let k2, let q2, _)) where k1 == k2 && q1 == q2:
            return HTMLContext(state: .value(k1, quote: q1, url: .unknown), tag: x.tag, attribute: x.attribute)
        case (.script(.code), .script(.code)):
            return HTMLContext(state: .script(.code(slash: .unknown)), tag: x.tag, attribute: x.attribute)
        default:
            return nil
        }
    }

    /// Inside a tag, branches that stop in a name and branches that stop between attributes meet at
    /// a boundary: equal only if a separator follows (see `tagBoundary`).
    private var normalisedForJoin: HTMLContext {
        switch state {
        case .attributeName, .afterAttributeName, .tagBoundary: return HTMLContext(state: .tagBoundary, tag: tag)
        case .inTag: return HTMLContext(state: .tagBoundary, tag: tag)
        case .tagName(let isEnd): return HTMLContext(state: .tagBoundary, tag: isEnd ? "/" + tag : tag)
        default: return self
        }
    }

    /// A phrase for error messages.
    var phrase: String {
        switch state {
        case .text: return "element text"
        case .plainText: return "plain text"
        case .lessThan: return "text right after '<'"
        case .rcdata(let n): return "the text of <\(n)>"
        case .script(let js): return "JavaScript (\(js))"
        case .rawText(let n): return "the raw text of <\(n)>"
        case .comment: return "an HTML comment"
        case .declaration: return "a <!...> declaration"
        case .tagName: return "a tag name"
        case .inTag, .attributeName, .afterAttributeName, .beforeValue, .tagBoundary: return "inside the <\(tag)> tag"
        case .unquotedValue: return "the unquoted value of '\(attribute)'"
        case .value(let kind, let q, let url):
            let part = kind == .url ? " (URL \(url))" : ""
            return "the \(q == UInt8(ascii: "'") ? "single" : "double")-quoted value of '\(attribute)' in <\(tag)>\(part)"
        }
    }
}

/// Why a position cannot hold a value, or why static text put the tokenizer in a bad state.
struct ContextError: Error {
    let message: String
    let hint: String?
    /// Byte offset inside the static text where the problem is, when it comes from static text.
    var offset: Int = 0

    init(_ message: String, hint: String? = nil, offset: Int = 0) {
        self.message = message
        self.hint = hint
        self.offset = offset
    }
}
