import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a library's templates come from.
enum TemplateSource: Sendable {
    /// Files under a directory with one of the extensions; names are paths relative to it.
    case directory(String, Set<String>)
    /// Named sources held in memory.
    case memory([String: String])

    /// Every template's name, text and modification stamp.
    func read() throws(TemplateError) -> [(name: String, text: String, stamp: String)] {
        switch self {
        case .memory(let sources):
            return sources.map { ($0.key, $0.value, "") }
        case .directory(let root, let extensions):
            var result: [(name: String, text: String, stamp: String)] = []
            for name in templateNames(root, extensions) {
                let path = root + "/" + name
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw TemplateError(file: name, line: 1, column: 1, message: "cannot read \(path)", sourceLine: "", hint: nil)
                }
                result.append((name, String(decoding: data, as: UTF8.self), Self.stamp(path)))
            }
            if result.isEmpty, !FileManager.default.fileExists(atPath: root) {
                throw TemplateError(file: root, line: 1, column: 1, message: "the templates directory does not exist", sourceLine: "",
                                    hint: "check the path; it is resolved from the working directory")
            }
            return result
        }
    }

    /// Modification stamps of every template file now (cheap: one stat per file).
    func stamps() -> [String: String] {
        guard case .directory(let root, let extensions) = self else { return [:] }
        var result: [String: String] = [:]
        for name in templateNames(root, extensions) { result[name] = Self.stamp(root + "/" + name) }
        return result
    }

    private func templateNames(_ root: String, _ extensions: Set<String>) -> [String] {
        let all = (try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []
        return all.filter { path in
            !path.split(separator: "/").contains(where: { $0.hasPrefix(".") })
                && extensions.contains(where: { path.hasSuffix("." + $0) })
        }.sorted()
    }

    /// Modification time and size of a file, as a comparable stamp.
    private static func stamp(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        #if canImport(Darwin)
        return "\(info.st_mtimespec.tv_sec).\(info.st_mtimespec.tv_nsec):\(info.st_size)"
        #else
        return "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_size)"
        #endif
    }
}
