import Foundation
@testable import Templates

/// Renders one template source with a context, or returns the error text.
func render(_ source: String, _ context: TemplateValue = [:], partials: [String: String] = [:]) -> String {
    do {
        var sources = partials
        sources["page.html"] = source
        let library = try TemplateLibrary(sources: sources)
        return try library.renderString("page.html", context)
    } catch let error as TemplateLoadError {
        return "ERROR: " + error.errors.map(\.message).joined(separator: " | ")
    } catch let error as TemplateError {
        return "ERROR: " + error.message
    } catch {
        return "ERROR: \(error)"
    }
}

/// The compile errors of a set of templates (empty when they compile).
func compileErrors(_ sources: [String: String]) -> [TemplateError] {
    do {
        _ = try TemplateLibrary(sources: sources)
        return []
    } catch {
        return error.errors
    }
}

/// The directory of test fixtures.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
