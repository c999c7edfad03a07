extension HTMLContext {
    /// The context after the static text `bytes`, or where and why the text leaves us unable to go on.
    func after(_ bytes: ArraySlice<UInt8>) -> Result<HTMLContext, ContextError> {
        var context = self
        var i = bytes.startIndex
        while i < bytes.endIndex {
            switch context.step(bytes, at: i) {
            case .success(let next): i = next
            case .failure(var error):
                error.offset = i - bytes.startIndex
                return .failure(error)
            }
        }
        return .success(context)
    }

    /// Consumes one or more bytes starting at `i`; returns the index after them.
    private mutating func step(_ bytes: ArraySlice<UInt8>, at i: Int) -> Result<Int, ContextError> {
        let b = bytes[i]
        switch state {
        case .text:
            if b == UInt8(ascii: "<") { state = .lessThan(slash: false) }
            return .success(i + 1)

        case .plainText:
            return .success(bytes.endIndex)

        case .lessThan(let slash):
            if isASCIILetter(b) {
                state = .tagName(isEnd: slash)
                tag = ""
                return .success(i) // the letter is read as part of the name
            }
            if !slash, b == UInt8(ascii: "/") { state = .lessThan(slash: true); return .success(i + 1) }
            if !slash, b == UInt8(ascii: "!") {
                if hasPrefix(bytes, i + 1, "--") {
                    // `<!-->` and `<!--->` are complete (empty) comments in HTML.
                    if hasPrefix(bytes, i + 3, ">") { state = .text; return .success(i + 4) }
                    if hasPrefix(bytes, i + 3, "->") { state = .text; return .success(i + 5) }
                    state = .comment
                    return .success(i + 3)
                }
                state = .declaration
                return .success(i + 1)
            }
            if slash, b == UInt8(ascii: ">") { state = .text; return .success(i + 1) } // `</>` is ignored
            if !slash, b == UInt8(ascii: "?") { state = .declaration; return .success(i + 1) }
            state = slash ? .declaration : .text // `</ ` starts a bogus comment in HTML
            return .success(slash ? i + 1 : i)

        case .rcdata(let name), .rawText(let name):
            if b == UInt8(ascii: "<"), name != "plaintext" {
                switch endTag(name, in: bytes, at: i) {
                case .some(.success(let after)):
                    state = .tagName(isEnd: true)
                    tag = name
                    return .success(after)
                case .some(.failure(let error)): return .failure(error)
                case nil: break
                }
            }
            return .success(i + 1)

        case .script(let js):
            if b == UInt8(ascii: "<") {
                switch endTag("script", in: bytes, at: i) {
                case .some(.success(let after)):
                    state = .tagName(isEnd: true)
                    tag = "script"
                    return .success(after)
                case .some(.failure(let error)): return .failure(error)
                case nil: break
                }
                if hasPrefix(bytes, i, "<!--") {
                    return .failure(ContextError("'<!--' inside <script> changes where the browser ends the script",
                                                 hint: "remove the HTML comment markers from the script"))
                }
            }
            return stepScript(js, bytes, at: i)

        case .comment:
            if b == UInt8(ascii: "-"), hasPrefix(bytes, i, "-->") { state = .text; return .success(i + 3) }
            if b == UInt8(ascii: "-"), hasPrefix(bytes, i, "--!>") { state = .text; return .success(i + 4) }
            return .success(i + 1)

        case .declaration:
            if b == UInt8(ascii: ">") { state = .text }
            return .success(i + 1)

        case .tagName(let isEnd):
            if isSpace(b) || b == UInt8(ascii: "/") {
                if isEnd { tag = "/" + tag }
                state = .inTag
                return .success(i + 1)
            }
            if b == UInt8(ascii: ">") { closeTag(isEnd: isEnd); return .success(i + 1) }
            tag.append(Character(UnicodeScalar(lower(b))))
            return .success(i + 1)

        case .tagBoundary:
            if isSpace(b) || b == UInt8(ascii: "/") { state = .inTag; return .success(i + 1) }
            if b == UInt8(ascii: ">") { closeTag(isEnd: isEndTag); return .success(i + 1) }
            return .failure(ContextError("after this conditional some branches are still inside a tag or attribute name",
                                         hint: "put a space (or '>') right after the conditional, or move the space into every branch"))

        case .inTag:
            if isSpace(b) || b == UInt8(ascii: "/") { return .success(i + 1) }
            if b == UInt8(ascii: ">") { closeTag(isEnd: isEndTag); return .success(i + 1) }
            state = .attributeName
            attribute = String(UnicodeScalar(lower(b)))
            return .success(i + 1)

        case .attributeName:
            if isSpace(b) { state = .afterAttributeName; return .success(i + 1) }
            if b == UInt8(ascii: "=") { state = .beforeValue; return .success(i + 1) }
            if b == UInt8(ascii: "/") { state = .inTag; return .success(i + 1) }
            if b == UInt8(ascii: ">") { closeTag(isEnd: isEndTag); return .success(i + 1) }
            attribute.append(Character(UnicodeScalar(lower(b))))
            return .success(i + 1)

        case .afterAttributeName:
            if isSpace(b) { return .success(i + 1) }
            if b == UInt8(ascii: "=") { state = .beforeValue; return .success(i + 1) }
            state = .inTag
            return .success(i)

        case .beforeValue:
            if isSpace(b) { return .success(i + 1) }
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                state = .value(AttributeKind(attributeName: attribute), quote: b, url: .start)
                return .success(i + 1)
            }
            if b == UInt8(ascii: ">") { closeTag(isEnd: isEndTag); return .success(i + 1) }
            state = .unquotedValue
            return .success(i)

        case .unquotedValue:
            if isSpace(b) { state = .inTag; return .success(i + 1) }
            if b == UInt8(ascii: ">") { closeTag(isEnd: isEndTag); return .success(i + 1) }
            return .success(i + 1)

        case .value(let kind, let quote, let url):
            if b == quote { state = .inTag; return .success(i + 1) }
            if kind == .url {
                let isQuery = b == UInt8(ascii: "?") || b == UInt8(ascii: "#")
                if b == UInt8(ascii: "&"), url == .start || url == .staticScheme || url == .scheme || url == .unknown {
                    return .failure(ContextError("a character reference before a URL's scheme is settled can hide a ':'",
                                                 hint: "write the URL's start without '&'; pass the whole URL as one value"))
                }
                switch url {
                case .start where !isSpace(b), .staticScheme:
                    if isSchemeByte(b) { state = .value(kind, quote: quote, url: .staticScheme) }
                    else { state = .value(kind, quote: quote, url: isQuery ? .query : .path) }
                case .scheme, .unknown:
                    if b == UInt8(ascii: ":") {
                        return .failure(ContextError("a ':' after a value at the start of a URL would let the value choose the scheme",
                                                     hint: "write the scheme in the template (https://...) or pass the whole URL as one value"))
                    }
                    if isQuery { state = .value(kind, quote: quote, url: .query) }
                    else if b == UInt8(ascii: "/") || !isSchemeByte(b) { state = .value(kind, quote: quote, url: .path) }
                case .path:
                    if isQuery { state = .value(kind, quote: quote, url: .query) }
                default: break
                }
            }
            return .success(i + 1)
        }
    }

    /// Whether the tag being read is an end tag (`</p>`): leaving `tagName`, an end tag's name gets a `/` prefix.
    private var isEndTag: Bool { tag.hasPrefix("/") }

    /// `>` ends a tag: the element's content state follows.
    private mutating func closeTag(isEnd: Bool) {
        let name = tag.hasPrefix("/") ? String(tag.dropFirst()) : tag
        let end = isEnd || tag.hasPrefix("/")
        tag = ""
        attribute = ""
        if end { state = .text; return }
        switch name {
        case "script": state = .script(.code(slash: .regex))
        case "style", "xmp", "iframe", "noembed", "noframes", "plaintext": state = .rawText(name)
        case "title", "textarea": state = .rcdata(name)
        default: state = .text
        }
    }

    private mutating func stepScript(_ js: JSState, _ bytes: ArraySlice<UInt8>, at i: Int) -> Result<Int, ContextError> {
        let b = bytes[i]
        switch js {
        case .code(let slash):
            switch b {
            case UInt8(ascii: "\""): state = .script(.doubleQuoted)
            case UInt8(ascii: "'"): state = .script(.singleQuoted)
            case UInt8(ascii: "`"): state = .script(.template)
            case UInt8(ascii: "/"):
                if hasPrefix(bytes, i, "//") { state = .script(.lineComment); return .success(i + 2) }
                if hasPrefix(bytes, i, "/*") { state = .script(.blockComment); return .success(i + 2) }
                switch slash {
                case .regex: state = .script(.regex)
                case .division: state = precededByKeyword(bytes, i) ? .script(.regex) : .script(.code(slash: .regex))
                case .unknown:
                    return .failure(ContextError("'/' after a conditional is ambiguous: it could start a regular expression or divide",
                                                 hint: "make every branch end the same way before the '/'"))
                }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                // `n++ / 2`: after `++` or `--` a slash divides (as in Go's html/template).
                if i + 1 < bytes.endIndex, bytes[i + 1] == b {
                    state = .script(.code(slash: .division))
                    return .success(i + 2)
                }
                state = .script(.code(slash: .regex))
            default:
                if isSpace(b) { break }
                if isIdentifierByte(b) || b == UInt8(ascii: ")") || b == UInt8(ascii: "]") {
                    state = .script(.code(slash: .division))
                } else {
                    state = .script(.code(slash: .regex))
                }
            }
            return .success(i + 1)
        case .doubleQuoted, .singleQuoted:
            if b == UInt8(ascii: "\\") { return escapedByte(bytes, i) }
            if b == (js == .doubleQuoted ? UInt8(ascii: "\"") : UInt8(ascii: "'")) || b == UInt8(ascii: "\n") {
                state = .script(.code(slash: .division))
            }
            return .success(i + 1)
        case .template:
            if b == UInt8(ascii: "\\") { return escapedByte(bytes, i) }
            if b == UInt8(ascii: "`") { state = .script(.code(slash: .division)) }
            return .success(i + 1)
        case .lineComment:
            if b == UInt8(ascii: "\n") { state = .script(.code(slash: .regex)) }
            return .success(i + 1)
        case .blockComment:
            if hasPrefix(bytes, i, "*/") { state = .script(.code(slash: .regex)); return .success(i + 2) }
            return .success(i + 1)
        case .regex:
            if b == UInt8(ascii: "\\") { return escapedByte(bytes, i) }
            if b == UInt8(ascii: "[") { state = .script(.regexClass) }
            if b == UInt8(ascii: "/") { state = .script(.code(slash: .division)) }
            return .success(i + 1)
        case .regexClass:
            if b == UInt8(ascii: "\\") { return escapedByte(bytes, i) }
            if b == UInt8(ascii: "]") { state = .script(.regex) }
            return .success(i + 1)
        }
    }

    /// Skips a backslash and the byte it escapes; never a `<` (the browser still sees `</script` there),
    /// and not across a template tag, where the escaped byte cannot be seen.
    private func escapedByte(_ bytes: ArraySlice<UInt8>, _ i: Int) -> Result<Int, ContextError> {
        guard i + 1 < bytes.endIndex else {
            return .failure(ContextError("a backslash right before a template tag inside JavaScript escapes text this engine cannot see",
                                         hint: "move the backslash or the tag"))
        }
        return .success(bytes[i + 1] == UInt8(ascii: "<") ? i + 1 : i + 2)
    }

    /// After `return`, `typeof` and friends a `/` starts a regular expression, not a division.
    private func precededByKeyword(_ bytes: ArraySlice<UInt8>, _ i: Int) -> Bool {
        var end = i
        while end > bytes.startIndex, isSpace(bytes[end - 1]) { end -= 1 }
        var start = end
        while start > bytes.startIndex, isIdentifierByte(bytes[start - 1]) { start -= 1 }
        guard start < end else { return false }
        let word = String(decoding: bytes[start..<end], as: UTF8.self)
        return ["return", "typeof", "case", "do", "else", "in", "instanceof", "new", "throw", "void", "delete", "yield", "await"].contains(word)
    }

    /// If `bytes[i...]` is `</name` followed by a space, `/` or `>`, the index after `</name`; nil if it
    /// is not; a failure when the text ends before that can be told (a template tag splits it).
    private func endTag(_ name: String, in bytes: ArraySlice<UInt8>, at i: Int) -> Result<Int, ContextError>? {
        let split = ContextError("'</\(name)' is split by a template tag or comment, so its end cannot be told",
                                 hint: "write the end tag in one piece")
        guard i + 1 < bytes.endIndex else { return .failure(split) }
        guard bytes[i + 1] == UInt8(ascii: "/") else { return nil }
        var j = i + 2
        for c in name.utf8 {
            guard j < bytes.endIndex else { return .failure(split) }
            guard lower(bytes[j]) == c else { return nil }
            j += 1
        }
        guard j < bytes.endIndex else { return .failure(split) }
        let after = bytes[j]
        return isSpace(after) || after == UInt8(ascii: "/") || after == UInt8(ascii: ">") ? .success(j) : nil
    }
}

private func hasPrefix(_ bytes: ArraySlice<UInt8>, _ i: Int, _ prefix: StaticString) -> Bool {
    var j = i
    let p = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
    for c in p {
        guard j < bytes.endIndex, bytes[j] == c else { return false }
        j += 1
    }
    return true
}

func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D }
func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
/// Letters, digits, `+`, `-` and `.`: what a URL scheme is made of.
private func isSchemeByte(_ b: UInt8) -> Bool {
    isASCIILetter(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
        || b == UInt8(ascii: ".")
}
private func lower(_ b: UInt8) -> UInt8 { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b }
private func isIdentifierByte(_ b: UInt8) -> Bool {
    isASCIILetter(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b == UInt8(ascii: "$") || b >= 0x80
}
