// Finds Benchmarks/Templates on disk (relative to this source file) and loads
// template text.

import Foundation

enum TemplateFiles {
    /// `Benchmarks/Templates`, found from this file's path at compile time.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Harness
        .deletingLastPathComponent()  // TemplateBenchmarks
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // Benchmarks
        .appendingPathComponent("Templates", isDirectory: true)

    /// Directory of one engine's templates, e.g. `directory("stencil")`.
    static func directory(_ engine: String) -> URL {
        root.appendingPathComponent(engine, isDirectory: true)
    }

    /// Text of `Templates/<engine>/<relativePath>` with one trailing "\n"
    /// dropped (Jinja's default, which our engine follows), so that an
    /// editor's final newline never reaches the output of any engine.
    static func load(_ engine: String, _ relativePath: String) throws -> String {
        let url = directory(engine).appendingPathComponent(relativePath)
        var text = try String(contentsOf: url, encoding: .utf8)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// `load` for every file under `Templates/<engine>/` with the given
    /// extension, keyed by relative path without that extension
    /// (e.g. "bandup/layout").
    static func loadAll(_ engine: String, extension ext: String) throws -> [String: String] {
        let dir = directory(engine).standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else {
            throw BenchmarkError("cannot list \(dir.path)")
        }
        var result: [String: String] = [:]
        for case let url as URL in enumerator where url.pathExtension == ext {
            let relative = String(url.standardizedFileURL.path.dropFirst(dir.path.count + 1))
            result[String(relative.dropLast(ext.count + 1))] = try load(engine, relative)
        }
        return result
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
