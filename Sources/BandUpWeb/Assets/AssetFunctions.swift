import AssetPipeline
import Templates

/// The template functions for assets:
/// - `{{ asset("images/logo.svg") }}`: the URL (CDN or `/assets/…`);
/// - `{{ stylesheet("css/app.css") }}`: a `<link>` with `integrity` and `crossorigin`;
/// - `{{ script("js/app.js") }}`: a deferred `<script>` with `integrity` and `crossorigin`.
/// A literal path that is not in the manifest is a template error at start-up.
enum AssetFunctions {
    static func all(_ catalog: AssetCatalog) -> [String: TemplateFunction] {
        let check: @Sendable ([TemplateValue?]) -> String? = { literals in
            guard let first = literals.first, let value = first else { return nil }
            guard let path = value.stringValue else { return "an asset path is a string, such as \"css/app.css\"" }
            return catalog.entry(path) == nil ? "no asset '\(path)' in Public/ (the manifest has \(catalog.current.assets.count) files)" : nil
        }
        @Sendable func entry(_ arguments: [TemplateValue]) throws -> (String, AssetManifest.Entry) {
            guard let path = arguments.first?.stringValue, let entry = catalog.entry(path), let url = catalog.url(path) else {
                throw AssetMissing(path: arguments.first?.stringValue ?? "?")
            }
            return (url, entry)
        }
        return [
            "asset": TemplateFunction(arity: 1...1, check: check) { arguments in
                .string(try entry(arguments).0)
            },
            "stylesheet": TemplateFunction(arity: 1...1, check: check) { arguments in
                let (url, entry) = try entry(arguments)
                return .html(TrustedHTML(trustedSource: "<link rel=\"stylesheet\" href=\"\(attribute(url))\" integrity=\"\(entry.integrity)\" crossorigin=\"anonymous\">"))
            },
            "script": TemplateFunction(arity: 1...1, check: check) { arguments in
                let (url, entry) = try entry(arguments)
                return .html(TrustedHTML(trustedSource: "<script src=\"\(attribute(url))\" integrity=\"\(entry.integrity)\" crossorigin=\"anonymous\" defer></script>"))
            },
        ]
    }

    /// URLs come from our manifest and settings, but escape them for the attribute anyway.
    static func attribute(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
    }
}

struct AssetMissing: Error, CustomStringConvertible {
    let path: String
    var description: String { "no asset '\(path)' in the manifest" }
}
