/// A problem in a template, found while compiling or rendering it.
///
/// Its description names the file, line and column, shows the source line with a caret
/// under the problem, and says what was expected:
///
/// ```
/// lessons/show.html:12:18: error: unknown filter 'uper'
///  12 | <td>{{ r.skill | uper }}</td>
///     |                  ^
///    hint: did you mean 'upper'?
/// ```
public struct TemplateError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The template's name, relative to the library's directory.
    public let file: String
    /// 1-based line.
    public let line: Int
    /// 1-based column, counted in characters.
    public let column: Int
    /// What is wrong.
    public let message: String
    /// The source line the error points into.
    public let sourceLine: String
    /// What would fix it, when we can tell.
    public let hint: String?

    public var description: String {
        let number = String(line)
        let gutter = String(repeating: " ", count: number.count)
        var caretPad = ""
        for (i, ch) in sourceLine.enumerated() where i < column - 1 { caretPad.append(ch == "\t" ? "\t" : " ") }
        var text = "\(file):\(line):\(column): error: \(message)\n"
        text += " \(number) | \(sourceLine)\n"
        text += " \(gutter) | \(caretPad)^"
        if let hint { text += "\n   hint: \(hint)" }
        return text
    }
}

/// Every error found while loading a library of templates, reported together.
public struct TemplateLoadError: Error, Sendable, CustomStringConvertible {
    public let errors: [TemplateError]

    public var description: String {
        let noun = errors.count == 1 ? "error" : "errors"
        return "\(errors.count) template \(noun):\n\n" + errors.map(\.description).joined(separator: "\n\n")
    }
}
