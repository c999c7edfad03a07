import Foundation
import Practice
import Templates

/// `bandup content check`: every lesson, practice test and prompt under a directory (tests are the
/// files under a `tests/` folder, prompts those under `prompts/writing/` and `prompts/speaking/`), parsed and rendered, with links between lessons, media references and
/// what a full test must be checked. Problems are collected, not stopped at.
public struct ContentCheck: Sendable {
    public let root: String
    /// Whether a media path (`audio/part-1.mp3`) exists.
    public let mediaExists: @Sendable (String) -> Bool

    public init(root: String, mediaExists: @escaping @Sendable (String) -> Bool) {
        self.root = root
        self.mediaExists = mediaExists
    }

    public struct Report: Sendable {
        public var files = 0
        public var lessons: [Lesson] = []
        public var tests: [PracticeTest] = []
        public var prompts: [TaskPrompt] = []
        /// Dictation sentences (`dictation/sentences.tsv`), each with its recording.
        public var dictation: [DictationSentence] = []
        public var problems: [ContentError] = []
    }

    public func run() -> Report {
        var report = Report()
        var slugs: [String: String] = [:], testSlugs: [String: String] = [:], promptSlugs: [String: String] = [:]
        var links: [(file: String, line: Int, slug: String)] = []
        /// Each slug names one file of its kind.
        func claim(_ slug: String, in taken: inout [String: String], file: String) {
            if let other = taken[slug] {
                report.problems.append(ContentError(file: file, line: 1, message: "the slug '\(slug)' is also used by \(other)"))
            }
            taken[slug] = file
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            let exists = FileManager.default.fileExists(atPath: root)
            report.problems.append(ContentError(file: root, line: 1, message: exists
                ? "this is a file: give the folder that holds the curriculum (such as Content), so links between lessons can be checked"
                : "no such folder"))
            return report
        }
        let files = files()
        report.files = files.count
        if files.isEmpty {
            report.problems.append(ContentError(file: root, line: 1, message: "no lesson, test or prompt files (*.md) in this folder"))
        }
        for file in files {
            let display = file
            guard let text = try? String(contentsOfFile: root + "/" + file, encoding: .utf8) else {
                report.problems.append(ContentError(file: display, line: 1, message: "cannot read this file as UTF-8"))
                continue
            }
            let renderer = MarkdownRenderer(resolveMedia: { [mediaExists] path in mediaExists(path) ? "/media/\(path)" : nil })
            if let skill = TaskPrompt.skill(of: file) {
                do {
                    let prompt = try TaskPrompt.parse(text, file: display, skill: skill)
                    _ = try prompt.instructions(with: renderer, file: display)
                    claim(prompt.slug, in: &promptSlugs, file: display)
                    report.prompts.append(prompt)
                } catch {
                    report.problems.append(error)
                }
                continue
            }
            if Self.isTest(file) {
                do {
                    let test = try PracticeTest.parse(text, file: display, renderer: renderer)
                    report.problems += test.problems(file: display)
                    claim(test.slug, in: &testSlugs, file: display)
                    report.tests.append(test)
                } catch {
                    report.problems.append(error)
                }
                continue
            }
            do {
                let lesson = try Lesson.parse(text, file: display)
                let body = try lesson.body(with: renderer, file: display)
                report.problems += body.problems
                if let audio = lesson.audio, !mediaExists(audio) {
                    report.problems.append(ContentError(file: display, line: Lesson.frontMatterLine(of: "audio", in: text),
                                                       message: "no media file '\(audio)' for 'audio'"))
                }
                claim(lesson.slug, in: &slugs, file: display)
                links += body.lessonLinks.map { (display, $0.line, $0.slug) }
                report.lessons.append(lesson)
            } catch {
                report.problems.append(error)
            }
        }
        checkDictation(into: &report)
        for prompt in report.prompts {
            if let related = prompt.related, !report.prompts.contains(where: { $0.slug == related && $0.task == .speakingPart2 }) {
                report.problems.append(ContentError(file: promptSlugs[prompt.slug] ?? prompt.slug, line: 1, message: "'related' names no Part 2 prompt '\(related)'"))
            }
        }
        for link in links where slugs[link.slug] == nil {
            report.problems.append(ContentError(file: link.file, line: link.line, message: "no lesson with the slug '\(link.slug)'"))
        }
        report.problems.sort { ($0.file, $0.line) < ($1.file, $1.line) }
        return report
    }

    /// The dictation sentence list, when the curriculum has one: every row valid, every recording there.
    func checkDictation(into report: inout Report) {
        let file = Self.dictationFile
        guard let text = try? String(contentsOfFile: root + "/" + file, encoding: .utf8) else { return }
        let (sentences, problems) = DictationSentence.list(text)
        report.problems += problems.map { ContentError(file: file, line: $0.line, message: $0.message) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for sentence in sentences where !mediaExists(sentence.audio) {
            let line = (lines.firstIndex { $0.hasPrefix(sentence.id + "\t") } ?? 0) + 1
            report.problems.append(ContentError(file: file, line: line, message: "no recording '\(sentence.audio)' (scripts/generate-audio --dictation makes it)"))
        }
        report.dictation = sentences
        report.files += 1
    }

    /// Where the dictation sentences are, relative to the root.
    public static let dictationFile = "dictation/sentences.tsv"

    /// Whether a file (relative to the root) is a practice test: it is under a `tests/` folder.
    public static func isTest(_ file: String) -> Bool {
        file.split(separator: "/").dropLast().contains("tests")
    }

    /// The lesson files (not tests or prompts), sorted.
    public func lessonFiles() -> [String] { files().filter { !Self.isTest($0) && TaskPrompt.skill(of: $0) == nil } }

    /// The Writing and Speaking prompt files, sorted.
    public func promptFiles() -> [String] { files().filter { TaskPrompt.skill(of: $0) != nil } }

    /// The practice test files, sorted.
    public func testFiles() -> [String] { files().filter(Self.isTest) }

    /// Markdown files under the root (README.md files are for editors, not lessons), sorted.
    public func files() -> [String] {
        let base = URL(fileURLWithPath: root).standardizedFileURL.path + "/"
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        return enumerator.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".md") && !$0.hasSuffix("README.md") && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
            .filter { FileManager.default.fileExists(atPath: base + $0) }
            .sorted()
    }
}
