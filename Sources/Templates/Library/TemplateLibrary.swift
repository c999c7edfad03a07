import FoundationEssentials
import Synchronization

/// A set of templates, compiled together at start-up, rendered by name.
///
/// ```swift
/// let templates = try TemplateLibrary(directory: "Templates")
/// let html = try templates.render("lessons/show.html", lesson)   // [UInt8]
/// ```
///
/// Loading compiles every template and throws ``TemplateLoadError`` with every problem at once.
/// With `reloadsChangedFiles` (development), a render first checks the files and recompiles
/// when one changed, so an edit shows on the next page load.
public final class TemplateLibrary: Sendable {
    /// How a library loads its templates.
    public struct Options: Sendable {
        /// Re-read and recompile templates whose files changed, before each render (development).
        public var reloadsChangedFiles: Bool
        /// File extensions that hold templates.
        public var extensions: Set<String>
        /// Functions templates may call as `{{ name(...) }}`.
        public var functions: [String: TemplateFunction]

        public init(reloadsChangedFiles: Bool = false, extensions: Set<String> = ["html"], functions: [String: TemplateFunction] = [:]) {
            self.reloadsChangedFiles = reloadsChangedFiles
            self.extensions = extensions
            self.functions = functions
        }
    }

    private let source: TemplateSource
    private let options: Options
    private let fixed: CompiledSet?
    private let live: Mutex<CompiledSet>?

    /// Loads and compiles every template under `directory`.
    public convenience init(directory: String, options: Options = Options()) throws(TemplateLoadError) {
        try self.init(source: .directory(directory, options.extensions), options: options)
    }

    /// Compiles templates given as `name: source` pairs (tests, embedded templates).
    public convenience init(sources: [String: String], functions: [String: TemplateFunction] = [:]) throws(TemplateLoadError) {
        try self.init(source: .memory(sources), options: Options(functions: functions))
    }

    private init(source: TemplateSource, options: Options) throws(TemplateLoadError) {
        self.source = source
        self.options = options
        let set = try CompiledSet.load(from: source, functions: options.functions)
        if options.reloadsChangedFiles, case .directory = source {
            fixed = nil
            live = Mutex(set)
        } else {
            fixed = set
            live = nil
        }
    }

    /// The names of all templates, sorted.
    public var templateNames: [String] { ((try? current())?.templates.keys.sorted()) ?? [] }

    /// Renders the template `name` with `context` and appends the page to `out`.
    public func render(_ name: String, _ context: some TemplateValueConvertible, into out: inout [UInt8]) throws {
        guard let entry = try current().templates[name] else { throw missing(name) }
        var page = Output(capacity: entry.sizeHint.load(ordering: .relaxed))
        defer { page.release() }
        try entry.template.render(context, into: &page)
        out.append(contentsOf: page.bytes)
    }

    /// Renders the template `name` with `context`.
    ///
    /// The page is written straight into the returned array, reserved from the size of the
    /// template's previous page: one allocation per render in the steady state.
    public func render(_ name: String, _ context: some TemplateValueConvertible) throws -> [UInt8] {
        guard let entry = try current().templates[name] else { throw missing(name) }
        var spilled: [UInt8]? = nil
        var page = try [UInt8](unsafeUninitializedCapacity: entry.sizeHint.load(ordering: .relaxed)) { buffer, initialized in
            var out = Output(writingInto: buffer)
            defer { out.release() }
            try entry.template.render(context, into: &out)
            if out.ownsMemory { spilled = Array(out.bytes) } else { initialized = out.count }
        }
        if let spilled { page = spilled }
        entry.sizeHint.store(max(page.count + page.count / 8, 256), ordering: .relaxed)
        return page
    }

    /// Renders the template `name` with an `Encodable` model, encoded for this render.
    public func render(_ name: String, encoding model: some Encodable) throws -> [UInt8] {
        try render(name, try TemplateValue(encoding: model))
    }

    /// Renders the template `name` to a `String`.
    public func renderString(_ name: String, _ context: some TemplateValueConvertible) throws -> String {
        String(decoding: try render(name, context), as: UTF8.self)
    }

    private func missing(_ name: String) -> TemplateError {
        TemplateError(file: name, line: 1, column: 1, message: "no template named '\(name)'", sourceLine: "",
                      hint: suggestion(for: name, among: (try? current().templates.keys.sorted()) ?? []))
    }

    /// The compiled templates, reloaded first when files changed (development).
    private func current() throws(TemplateLoadError) -> CompiledSet {
        if let fixed { return fixed }
        let set = live!.withLock { $0 }
        guard set.isStale(source) else { return set }
        let fresh = try CompiledSet.load(from: source, functions: options.functions)
        live!.withLock { $0 = fresh }
        return fresh
    }
}

/// The compiled templates of a library and the file stamps they were compiled from.
struct CompiledSet: Sendable {
    let templates: [String: CompiledEntry]
    let stamps: [String: String]

    static func load(from source: TemplateSource, functions: [String: TemplateFunction]) throws(TemplateLoadError) -> CompiledSet {
        let files: [(name: String, text: String, stamp: String)]
        do { files = try source.read() } catch { throw TemplateLoadError(errors: [error]) }
        var parsed: [String: ParsedTemplate] = [:]
        var errors: [TemplateError] = []
        for file in files.sorted(by: { $0.name < $1.name }) {
            do throws(TemplateError) {
                parsed[file.name] = try TemplateParser.parse(SourceFile(name: file.name, text: file.text))
            } catch {
                errors.append(error)
            }
        }
        var compiled: [String: CompiledEntry] = [:]
        for name in parsed.keys.sorted() {
            let compiler = Compiler(templates: parsed, functions: functions)
            if let template = compiler.compilePage(name) {
                compiled[name] = CompiledEntry(template)
            }
            for error in compiler.errors where !errors.contains(error) { errors.append(error) }
        }
        guard errors.isEmpty else { throw TemplateLoadError(errors: errors) }
        return CompiledSet(templates: compiled, stamps: Dictionary(files.map { ($0.name, $0.stamp) }, uniquingKeysWith: { a, _ in a }))
    }

    func isStale(_ source: TemplateSource) -> Bool {
        source.stamps() != stamps
    }
}

/// A compiled template and the size of its last page, to reserve the output buffer once.
final class CompiledEntry: Sendable {
    let template: CompiledTemplate
    let sizeHint = Atomic<Int>(4096)

    init(_ template: CompiledTemplate) { self.template = template }
}
