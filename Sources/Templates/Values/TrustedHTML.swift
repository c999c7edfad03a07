/// HTML that trusted Swift code produced (for example our Markdown renderer) and that a template
/// may emit unescaped in element text.
///
/// A template cannot create one: there is no filter that turns a string into trusted HTML.
/// In any other context (attributes, URLs, scripts) it is escaped like a string.
public struct TrustedHTML: Sendable, Hashable, Encodable {
    /// The markup.
    public let source: String

    /// Marks `source` as safe HTML. Only call this on markup your own code produced or sanitised.
    public init(trustedSource source: String) { self.source = source }

    /// Plain text made safe as HTML, escaped as the engine escapes element text.
    public init(escaping text: String) {
        source = Output.string { HTMLEscaping.append(text, to: &$0) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }
}
