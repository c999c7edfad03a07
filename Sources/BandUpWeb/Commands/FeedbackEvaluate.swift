import ArgumentParser
import Feedback
import Foundation
import Practice
import Scorer

extension FeedbackCommand {
    /// `bandup feedback features FILE.csv`: the scorer's measures, one JSON line per essay (what
    /// scripts/train-scorer trains on, from the same extractor that scores at run time).
    struct Features: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the scorer's measures of each essay in a CSV (id, prompt, essay, task, band) as JSON lines.",
            discussion: """
                Each line has the essay's `id`, `task`, `band` (when the CSV has one), `prompt` (the prompt's \
                text, for splitting by prompt) and `features` (name: value, in the model's order). Rows \
                that cannot be read get a line with "error" instead.
                """
        )

        @Argument(help: "A CSV with columns prompt and essay, and optionally id, task and band.") var path: String?
        @Flag(help: "Print the measures' names, in the model's order, as a JSON array, and stop.") var names = false
        @ArgumentParser.Option(help: "The task when a row names none: academic-task-1, general-task-1, task-2.") var task = "task-2"
        @ArgumentParser.Option(help: "Write the JSON lines here instead of standard output.") var output: String?

        func run() async throws {
            if names {
                print(String(decoding: try JSONSerialization.data(withJSONObject: EssayFeatures.names), as: UTF8.self))
                return
            }
            guard let path else { throw ValidationError("name a CSV of essays") }
            guard let defaultTask = FeedbackTask(rawValue: task), defaultTask.isWriting else { throw ValidationError("--task must be a writing task, not '\(task)'") }
            let essays = try EssaySource.read(path, prompt: nil, task: defaultTask, library: PromptFiles(directory: "Content/prompts"))
            let sink = try Score.sink(output)
            for essay in essays {
                var line: [String: Any] = ["source": essay.source]
                if let id = essay.id { line["id"] = id }
                if let band = essay.band { line["band"] = band }
                switch essay.request {
                case .failure(let problem): line["error"] = problem.message
                case .success(let request):
                    let features = EssayFeatures(task: request.task, prompt: request.prompt, essay: request.text, keywords: request.keywords)
                    line["task"] = request.task.rawValue
                    line["prompt"] = request.prompt
                    line["features"] = features.values
                    if let refusal = ScoreRefusal.check(features, prompt: request.prompt) { line["refused"] = "\(refusal)" }
                }
                let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
                sink.write(data + Data("\n".utf8))
            }
            if output != nil { try sink.close() }
        }
    }

    /// `bandup feedback evaluate FILE.csv`: the model card's figures for any provider.
    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score rated essays (CSV: id, prompt, essay, task, band) and print how close the bands are to the examiners'.",
            discussion: """
                Prints, as Markdown: essays scored and refused, mean absolute error, the share within half \
                a band, exact agreement, quadratic weighted kappa, Pearson's r, the spread of the estimates \
                against the examiners', the 80% range's coverage, and a confusion table by band. \
                --configured measures the site's providers (Gemini, Bedrock) the same way.
                """
        )

        @Argument(help: "A CSV with columns prompt, essay and band, and optionally id and task.") var path: String
        @ArgumentParser.Option(help: "The task when a row names none: academic-task-1, general-task-1, task-2.") var task = "task-2"
        @Flag(help: "Use the providers configured for the site instead of the offline scorer.") var configured = false
        @Flag(help: "Use the offline analyser's original rules instead of the trained scorer (the baseline).") var rules = false
        @ArgumentParser.Option(help: "A title for the report.") var title: String?
        @ArgumentParser.Option(help: "Also write each essay's estimate as JSON lines here.") var predictions: String?

        func run() async throws {
            guard let defaultTask = FeedbackTask(rawValue: task), defaultTask.isWriting else { throw ValidationError("--task must be a writing task, not '\(task)'") }
            let essays = try EssaySource.read(path, prompt: nil, task: defaultTask, library: PromptFiles(directory: "Content/prompts"))
            guard essays.contains(where: { $0.band != nil }) else { throw ValidationError("\(path) has no 'band' column to compare with") }
            let provider: any FeedbackProvider
            if configured {
                let settings = try await Settings.load(environment: ProcessInfo.processInfo.environment)
                provider = FeedbackRuntime.provider(settings.feedback, paid: true, offlinePause: .zero, storage: nil)
            } else {
                provider = OfflineAnalyser(bands: rules ? .rules : .model)
            }
            let sink = try predictions.map { try Score.sink($0) }
            let bar = ProgressBar(total: essays.count, terminal: isatty(STDERR_FILENO) == 1)
            var pairs: [ScoreMetrics.Pair] = [], refused = 0, failed = 0
            for essay in essays {
                defer { bar.advance() }
                guard let band = essay.band, case .success(let request) = essay.request else { failed += 1; continue }
                var line: [String: Any] = ["id": essay.id ?? essay.source, "examiner": band]
                do {
                    let result = try await Score.assess(request, with: provider)
                    if let refusal = result.refusal {
                        refused += 1
                        line["refused"] = refusal
                    } else {
                        pairs.append(.init(examiner: band, estimate: result.band, low: result.low, high: result.high))
                        line["band"] = result.band
                        if let low = result.low, let high = result.high { line["low"] = low; line["high"] = high }
                    }
                } catch {
                    failed += 1
                    line["error"] = "\(error)"
                }
                if let sink { sink.write(try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]) + Data("\n".utf8)) }
            }
            bar.finish()
            try sink?.close()
            let name = title ?? "\(configured ? provider.name : rules ? "offline rules" : "offline scorer (\(ScorerModel.bundled?.version ?? "no model"))") on \(path)"
            print(ScoreMetrics(pairs).report(title: name, refused: refused, failed: failed), terminator: "")
        }
    }
}
