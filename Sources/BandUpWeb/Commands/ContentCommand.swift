import ArgumentParser
import Content
import Foundation
import Study

/// `bandup content`: the curriculum in `Content/`.
struct ContentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "content",
        abstract: "Check the lessons in Content/ and import them into the database.",
        subcommands: [Check.self, Import.self]
    )

    /// A problem as `path/file:line: message` (a problem with the folder itself names the folder once).
    static func line(_ problem: ContentError, under path: String) -> String {
        problem.file == path ? "\(problem)" : "\(path)/\(problem)"
    }

    /// `bandup content check [PATH]`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every lesson: front matter, blocks, links between lessons, media.",
            discussion: "Prints each problem as file:line: message and exits non-zero when there is any."
        )

        @Argument(help: "The directory of lessons.") var path = "Content"
        @Option(help: "Where media files (audio, images) referenced by lessons live.") var media = "Public"

        func run() async throws {
            let media = media
            let report = ContentCheck(root: path, mediaExists: { FileManager.default.fileExists(atPath: media + "/" + $0) }).run()
            for problem in report.problems { print(ContentCommand.line(problem, under: path)) }
            if report.problems.isEmpty {
                print("\(report.lessons.count) lessons, \(report.tests.count) tests, \(report.prompts.count) prompts and \(report.dictation.count) dictation sentences in \(path): no problems.")
            } else {
                print("\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") in \(report.files) files.")
                throw ExitCode(1)
            }
        }
    }

    /// `bandup content import [PATH]`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the lessons into PostgreSQL (by slug; a changed file becomes a new revision).",
            discussion: "Reads DATABASE_URL. Checks every file first and imports nothing if any has a problem."
        )

        @Argument(help: "The directory of lessons.") var path = "Content"
        @Option(help: "Where media files referenced by lessons live.") var media = "Public"
        @Option(help: "Give up when PostgreSQL has not answered within this many seconds.") var timeout = 30
        @Flag(help: "Replace lessons whose newest revision an editor saved in the browser (they are kept by default).") var overwriteBrowserEdits = false

        func run() async throws {
            let media = media
            let check = ContentCheck(root: path, mediaExists: { FileManager.default.fileExists(atPath: media + "/" + $0) })
            let report = check.run()
            guard report.problems.isEmpty else {
                for problem in report.problems { print(ContentCommand.line(problem, under: path)) }
                throw ValidationError("\(report.problems.count) problems: nothing imported (run `bandup content check`)")
            }
            let root = path, overwrite = overwriteBrowserEdits
            let lessonFiles = check.lessonFiles(), testFiles = check.testFiles(), promptFiles = check.promptFiles(), dictation = report.dictation
            let renderer = MarkdownRenderer(resolveMedia: { "/media/" + $0 })
            let (lessons, tests, prompts) = try await CommandDatabase.run(timeout: timeout) { client in
                let library = LessonLibrary(client: client), testLibrary = TestLibrary(client: client), promptLibrary = PromptLibrary(client: client)
                var lessons: [LessonLibrary.ImportResult] = [], tests: [LessonLibrary.ImportResult] = [], prompts: [LessonLibrary.ImportResult] = []
                for file in lessonFiles {
                    let source = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
                    let result = try await library.importLesson(try Lesson.parse(source, file: file), source: source, overwritingBrowserEdits: overwrite)
                    Self.report(result, file)
                    lessons.append(result)
                }
                for file in testFiles {
                    let source = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
                    let result = try await testLibrary.importTest(try PracticeTest.parse(source, file: file, renderer: renderer), source: source)
                    Self.report(result, file)
                    tests.append(result)
                }
                for file in promptFiles {
                    let source = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
                    let skill = TaskPrompt.skill(of: file) ?? "writing"
                    let result = try await promptLibrary.importPrompt(try TaskPrompt.parse(source, file: file, skill: skill), skill: skill, source: source)
                    Self.report(result, file)
                    prompts.append(result)
                }
                let changed = try await DictationSessions(client: client).importSentences(dictation)
                if !dictation.isEmpty { print("dictation \(dictation.count) sentences, \(changed) new or changed") }
                return (lessons, tests, prompts)
            }
            print(Self.summary(lessons, "lesson") + " " + Self.summary(tests, "test") + " " + Self.summary(prompts, "prompt"))
        }

        static func report(_ result: LessonLibrary.ImportResult, _ file: String) {
            switch result {
            case .created: print("created   \(file)")
            case .revised(let number): print("revised   \(file)" + (number > 0 ? " (revision \(number))" : ""))
            case .unchanged: print("unchanged \(file)")
            case .revisedUnpublished(let number): print("revised   \(file) (revision \(number); unpublished in the editor, so not published)")
            case .editedInBrowser(let number): print("kept      \(file) (revision \(number) was saved in the editor; --overwrite-browser-edits replaces it)")
            }
        }

        /// "21 lessons: 2 created, 1 revised, 18 unchanged."
        static func summary(_ results: [LessonLibrary.ImportResult], _ noun: String) -> String {
            let created = results.filter { $0 == .created }.count
            let unchanged = results.filter { $0 == .unchanged }.count
            let kept = results.filter { if case .editedInBrowser = $0 { true } else { false } }.count
            let revised = results.count - created - unchanged - kept
            return "\(results.count) \(noun)\(results.count == 1 ? "" : "s"): \(created) created, \(revised) revised, \(unchanged) unchanged"
                + (kept > 0 ? ", \(kept) kept (edited in the browser)." : ".")
        }
    }
}
