import Yams

/// How BandUp reads YAML: every scalar as text (the fields decide what they mean), UTF-8 always.
/// Yams's default resolver matches every scalar against regular expressions for booleans,
/// numbers and dates, and its default encoding reads the environment on every parse; both
/// dominated profiles of lesson rendering.
enum YAMLText {
    static func compose(_ text: String) throws -> Node? {
        try Yams.compose(yaml: text, .basic, .default, .utf8)
    }

    /// `true`/`yes`/`on` or `false`/`no`/`off`, in any case; nil for anything else.
    static func bool(_ text: String?) -> Bool? {
        switch text?.lowercased() {
        case "true", "yes", "on": true
        case "false", "no", "off": false
        default: nil
        }
    }
}
