import ArgumentParser
import Content
import Feedback
import Foundation
import Practice

/// `bandup feedback`: the feedback providers from the command line.
struct FeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Assess essays outside the web site.",
        subcommands: [Score.self, Features.self, Evaluate.self]
    )

    /// `bandup feedback score PATH`: one JSON line per essay.
    struct Score: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score essays: a directory of .txt files, or a CSV with prompt and essay columns.",
            discussion: """
                Writes one JSON line per essay (criterion bands, the task band, its 80% range as `low` \
                and `high`, the provider used), in input order, with a progress bar on a terminal. A CSV \
                may also have `id` and `task` columns (`task-1` is read as Academic, or General Training \
                when the prompt asks for a letter); its `prompt` is a prompt's slug from --prompts or the \
                prompt's text. An essay given no band (too short, not English, copied from the prompt, \
                off the topic) gets "refused" with the reason; essays that cannot be scored get a line \
                with "error" and the exit status is 1.
                """
        )

        @Argument(help: "A directory of essays as .txt files, or a .csv file.") var path: String
        @ArgumentParser.Option(help: "The prompt the essays answer (a prompt's slug, or a prompt file); for a directory, or CSV rows without one.") var prompt: String?
        @ArgumentParser.Option(help: "The task when no prompt says it: academic-task-1, general-task-1, task-2.") var task = "task-2"
        @ArgumentParser.Option(help: "Where prompts are found by slug.") var prompts = "Content/prompts"
        @Flag(help: "Use the providers configured for the site (FEEDBACK_PROVIDERS, GEMINI_*, BEDROCK_*) instead of the offline analyser.")
        var configured = false
        @ArgumentParser.Option(help: "Write the JSON lines here instead of standard output.") var output: String?

        func run() async throws {
            guard let defaultTask = FeedbackTask(rawValue: task), defaultTask.isWriting else {
                throw ValidationError("--task must be academic-task-1, general-task-1 or task-2, not '\(task)'")
            }
            let library = PromptFiles(directory: prompts)
            let fallback = try prompt.map { try library.prompt($0) }
            let essays = try EssaySource.read(path, prompt: fallback, task: defaultTask, library: library)
            let provider: any FeedbackProvider
            if configured {
                let settings = try await Settings.load(environment: ProcessInfo.processInfo.environment)
                provider = FeedbackRuntime.provider(settings.feedback, paid: true, offlinePause: .zero, storage: nil)
            } else {
                provider = OfflineAnalyser()
            }
            let sink = try Self.sink(output)
            let bar = ProgressBar(total: essays.count, terminal: isatty(STDERR_FILENO) == 1)
            var failures = 0
            for essay in essays {
                var line: [String: Any] = ["source": essay.source]
                if let id = essay.id { line["id"] = id }
                switch essay.request {
                case .failure(let problem):
                    line["error"] = problem.message
                    failures += 1
                case .success(let request):
                    line["task"] = request.task.rawValue
                    line["words"] = request.text.split(whereSeparator: \.isWhitespace).count
                    do {
                        let result = try await Self.assess(request, with: provider)
                        if let refusal = result.refusal {
                            line["refused"] = refusal
                        } else {
                            line["band"] = result.band
                            line["criteria"] = Dictionary(uniqueKeysWithValues: result.criteria.compactMap { c in c.band.map { (c.criterion.rawValue, $0) } })
                            if let low = result.low, let high = result.high { line["low"] = low; line["high"] = high }
                        }
                        line["provider"] = result.provider
                        line["estimate"] = result.isEstimate
                    } catch {
                        line["error"] = "\(error)"
                        failures += 1
                    }
                }
                let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
                sink.write(data + Data("\n".utf8))
                bar.advance()
            }
            bar.finish()
            if output != nil { try sink.close() }
            if failures > 0 {
                FileHandle.standardError.write(Data("\(failures) of \(essays.count) essays could not be scored.\n".utf8))
                throw ExitCode(1)
            }
        }

        /// The file at `path`, created afresh, or standard output.
        static func sink(_ path: String?) throws -> FileHandle {
            try path.map { path -> FileHandle in
                guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                    throw ValidationError("cannot write \(path)")
                }
                return handle
            } ?? FileHandle.standardOutput
        }

        static func assess(_ request: FeedbackRequest, with provider: any FeedbackProvider) async throws -> FeedbackResult {
            for try await event in provider.assess(request) {
                if case .result(let result) = event { return result }
            }
            throw ProviderError(.malformed, "\(provider.name) ended without a result")
        }
    }
}

/// Writing prompts on disk, found by slug or by file.
struct PromptFiles {
    let directory: String

    func prompt(_ name: String) throws -> TaskPrompt {
        let candidates = name.hasSuffix(".md") ? [name] : ["\(directory)/writing/\(name).md", "\(directory)/speaking/\(name).md"]
        for file in candidates {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            do {
                return try TaskPrompt.parse(text, file: file, skill: TaskPrompt.skill(of: file) ?? "writing")
            } catch {
                throw ValidationError("\(error)")
            }
        }
        throw ValidationError("no prompt '\(name)' (looked for \(candidates.joined(separator: " and ")))")
    }
}

/// The essays to score, each as a request or the reason it cannot be one.
struct EssaySource {
    let source: String
    let id: String?
    let request: Result<FeedbackRequest, Failure>
    /// The examiner's band, when the CSV has a `band` column.
    var band: Double? = nil

    struct Failure: Error { let message: String }

    static func request(text: String, prompt: TaskPrompt?, promptText: String?, task: FeedbackTask) -> FeedbackRequest {
        FeedbackRequest(task: prompt?.task ?? task, promptTitle: prompt?.title ?? "Essay", prompt: prompt?.text ?? promptText ?? "",
                        keywords: prompt?.keywords ?? [], text: text)
    }

    static func read(_ path: String, prompt: TaskPrompt?, task: FeedbackTask, library: PromptFiles) throws -> [EssaySource] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ValidationError("no such file or directory: \(path)") }
        if isDirectory.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".txt") }.sorted()
            guard !names.isEmpty else { throw ValidationError("no .txt essays in \(path)") }
            return names.map { name in
                guard let text = try? String(contentsOfFile: "\(path)/\(name)", encoding: .utf8) else {
                    return EssaySource(source: name, id: nil, request: .failure(Failure(message: "not UTF-8 text")))
                }
                return EssaySource(source: name, id: nil, request: .success(request(text: text, prompt: prompt, promptText: nil, task: task)))
            }
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("\(path) is not UTF-8 text") }
        let table: CSVTable
        do { table = try CSVTable(text) } catch { throw ValidationError("\(path): \(error)") }
        guard table.columns.contains("essay") else { throw ValidationError("\(path): the first row names no 'essay' column (columns: prompt, essay, and optionally id, task)") }
        var slugs: [String: TaskPrompt] = [:]
        return table.rows.map { row in
            let source = "\(path):\(row.line)", id = table.value("id", in: row.fields)
            func failed(_ message: String) -> EssaySource { EssaySource(source: source, id: id, request: .failure(Failure(message: message))) }
            guard let essay = table.value("essay", in: row.fields), !essay.trimmed.isEmpty else { return failed("the essay is empty") }
            var rowTask = task
            let promptCell = table.value("prompt", in: row.fields)?.trimmed ?? ""
            if let name = table.value("task", in: row.fields)?.trimmed, !name.isEmpty {
                guard let named = FeedbackTask(writingColumn: name, prompt: promptCell) else { return failed("task '\(name)' is not task-1, academic-task-1, general-task-1 or task-2") }
                rowTask = named
            }
            var rowPrompt = prompt, promptText: String? = nil
            if !promptCell.isEmpty {
                if promptCell.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), let found = slugs[promptCell] ?? (try? library.prompt(promptCell)) {
                    slugs[promptCell] = found
                    rowPrompt = found
                } else {
                    rowPrompt = nil
                    promptText = promptCell
                }
            }
            return EssaySource(source: source, id: id, request: .success(request(text: essay, prompt: rowPrompt, promptText: promptText, task: rowTask)),
                               band: table.value("band", in: row.fields).flatMap { Double($0.trimmed) })
        }
    }
}
