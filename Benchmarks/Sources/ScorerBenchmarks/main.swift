// ScorerBenchmarks: the offline Writing assessment, essay by essay, over a rated-essay CSV
// (by default ../shared/datasets/ielts-scored-essays.csv beside the checkout): the old rules
// (`OfflineAnalyser(bands: .rules)`, the baseline) beside the trained scorer, then the scorer's
// parts (the measures with and without Hunspell, the model alone) to show where the time goes.
//
//   swift run -c release --package-path Benchmarks ScorerBenchmarks [CSV] [--quick]
//   swift run -c release --package-path Benchmarks ScorerBenchmarks [CSV] --profile ROW SECONDS   (for perf)
//   swift run -c release --package-path Benchmarks ScorerBenchmarks [CSV] --corrections   (one-edit corrections against Hunspell's)

import BenchmarkSupport
import Feedback
import Foundation
import Practice
import Scorer

let arguments = Array(CommandLine.arguments.dropFirst())
let quick = arguments.contains("--quick")
let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let path = arguments.first { $0.hasSuffix(".csv") }
    ?? checkout.deletingLastPathComponent().appendingPathComponent("shared/datasets/ielts-scored-essays.csv").path

func fail(_ message: String) -> Never {
    print("error: \(message)")
    exit(1)
}

// The essays, as `bandup feedback score` reads them (prompt text in the CSV, task from its column).
guard let csv = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read \(path)") }
let table: CSVTable
do { table = try CSVTable(csv) } catch { fail("\(path): \(error)") }
let everyEssay: [FeedbackRequest] = table.rows.compactMap { row in
    guard let essay = table.value("essay", in: row.fields), !essay.isEmpty,
          let prompt = table.value("prompt", in: row.fields),
          let task = FeedbackTask(writingColumn: table.value("task", in: row.fields) ?? "task-2", prompt: prompt)
    else { return nil }
    return FeedbackRequest(task: task, promptTitle: "Essay", prompt: prompt, text: essay)
}
let requests = quick ? stride(from: 0, to: everyEssay.count, by: 5).map { everyEssay[$0] } : everyEssay
guard !requests.isEmpty else { fail("\(path) has no essays") }
guard let model = ScorerModel.bundled else { fail("the bundled writing-scorer.json did not load") }
guard Speller.shared != nil else { fail("Hunspell's en_GB/en_US dictionaries are missing (apt-get install hunspell-en-gb hunspell-en-us)") }

// The first correction builds the index of near words; timed here, once, so no row pays for it.
let indexStart = monotonicNanoseconds()
guard Speller.shared?.suggestion(for: "goverment") == "government" else { fail("the first correction was wrong") }
let indexMilliseconds = Double(monotonicNanoseconds() - indexStart) / 1e6
// Likewise the language model behind the word-sequence measures, read once per process.
let sequencesStart = monotonicNanoseconds()
guard WordSequences.shared != nil else { fail("the language model is missing (apt-get install pocketsphinx-en-us)") }
let sequencesMilliseconds = Double(monotonicNanoseconds() - sequencesStart) / 1e6

let rules = OfflineAnalyser(bands: .rules, model: model)
let scorer = OfflineAnalyser(bands: .model, model: model)
let measured = requests.map { EssayFeatures(task: $0.task, prompt: $0.prompt, essay: $0.text, keywords: $0.keywords) }

/// One way of assessing an essay; returns something derived from the result so it cannot be dropped.
struct Row {
    let name: String
    let run: (Int) -> Double
}
let rows: [Row] = [
    Row(name: "Old rules: OfflineAnalyser(bands: .rules).analyse") { rules.analyse(requests[$0]).band ?? 0 },
    Row(name: "Trained scorer: OfflineAnalyser(bands: .model).analyse") { scorer.analyse(requests[$0]).band ?? 0 },
    Row(name: "Scorer alone: EssayFeatures + ScorerModel.estimate") {
        let request = requests[$0]
        return model.estimate(EssayFeatures(task: request.task, prompt: request.prompt, essay: request.text, keywords: request.keywords))?.band ?? 0
    },
    Row(name: "EssayFeatures without Hunspell (speller: nil)") {
        let request = requests[$0]
        return EssayFeatures(task: request.task, prompt: request.prompt, essay: request.text, keywords: request.keywords, speller: nil).values["words"] ?? 0
    },
    Row(name: "EssayFeatures without the language model (sequences: nil)") {
        let request = requests[$0]
        return EssayFeatures(task: request.task, prompt: request.prompt, essay: request.text, keywords: request.keywords, sequences: nil).values["words"] ?? 0
    },
    Row(name: "TextMeasures alone (tokens, sentences, paragraphs)") { Double(TextMeasures(requests[$0].text).wordCount) },
    Row(name: "ScorerModel.estimate alone (measures precomputed)") { model.estimate(measured[$0])?.band ?? 0 },
]

// The scorer row must give a band wherever the model does (a refusal is a band of 0 from analyse).
let estimated = measured.filter { model.estimate($0) != nil }.count
guard estimated > 0 else { fail("the model estimated no essay") }

nonisolated(unsafe) var sink = 0.0
if let index = arguments.firstIndex(of: "--profile"), index + 2 < arguments.count {
    let name = arguments[index + 1], seconds = Double(arguments[index + 2]) ?? 5
    guard let row = rows.first(where: { $0.name.lowercased().contains(name.lowercased()) }) else { fail("no row matching '\(name)'") }
    let start = monotonicNanoseconds()
    var i = 0
    while Double(monotonicNanoseconds() - start) < seconds * 1e9 { sink += row.run(i % requests.count); i += 1 }
    print("\(row.name): \(i) essays")
    exit(0)
}

// --corrections: every distinct misspelt word of the essays corrected both ways, how often the
// one-edit correction exists and agrees with Hunspell's own first suggestion, and what each costs.
if arguments.contains("--corrections"), let speller = Speller.shared {
    var written: [String] = []
    var seen = Set<String>()
    for essay in measured {
        let misspelt = Set(essay.misspelt)
        for token in essay.text.tokens where misspelt.contains(token.word) && seen.insert(token.text).inserted { written.append(token.text) }
    }
    var nearby = 0, agree = 0, nearbyNs: UInt64 = 0, hunspellNs: UInt64 = 0
    var differ: [String] = []
    for word in written {
        var start = monotonicNanoseconds()
        let near = speller.nearbyWord(for: word)
        nearbyNs += monotonicNanoseconds() - start
        start = monotonicNanoseconds()
        let theirs = speller.hunspellSuggestion(for: word)
        hunspellNs += monotonicNanoseconds() - start
        guard let near else { continue }
        nearby += 1
        if near.lowercased() == theirs?.lowercased() { agree += 1 } else if differ.count < 40 { differ.append("\(word) → \(near) (Hunspell: \(theirs ?? "none"))") }
    }
    let n = Double(max(1, written.count))
    print("""
        \(written.count) distinct misspelt words; one edit (or a split) corrects \(nearby) (\(fixed(Double(nearby) / n * 100, 1))%), \
        agreeing with Hunspell's first suggestion for \(agree) of them (\(fixed(Double(agree) / Double(max(1, nearby)) * 100, 1))%).
        Mean time a word: one edit \(fixed(Double(nearbyNs) / n / 1e3, 1)) µs, Hunspell's suggestion \(fixed(Double(hunspellNs) / n / 1e6, 2)) ms.
        Where they differ (first 40):
        """)
    differ.forEach { print("  " + $0) }
    exit(0)
}

/// Every essay timed on its own, `passes` times; an essay's time is its fastest pass (the least
/// disturbed by the other process on a 2-core machine). The speller forgets the words it has
/// checked before each essay, so no essay is helped by the ones before it.
@MainActor func time(_ row: Row, passes: Int) -> [Double] {
    for i in 0..<min(50, requests.count) { sink += row.run(i) }  // warm up: dictionaries, tables, caches
    var best = [Double](repeating: .infinity, count: requests.count)
    for _ in 0..<passes {
        for i in requests.indices {
            Speller.shared?.forgetCheckedWords()
            let start = monotonicNanoseconds()
            sink += row.run(i)
            best[i] = min(best[i], Double(monotonicNanoseconds() - start))
        }
    }
    return best.sorted()
}

func percentile(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))] }
func ms(_ ns: Double) -> String { fixed(ns / 1e6, ns < 1e5 ? 4 : 2) }

let words = requests.map { TextMeasures($0.text).wordCount }.sorted()
print("""
    # Offline Writing assessment: \(requests.count) essays from \((path as NSString).lastPathComponent) (median \(words[words.count / 2]) words, longest \(words.last ?? 0)); \(estimated) estimated by the model

    \(MachineInfo.describe())

    Building the index of near words (on the first correction; once per process): \(fixed(indexMilliseconds, 0)) ms.
    Reading the language model (once per process): \(fixed(sequencesMilliseconds, 0)) ms.

    | Work per essay | median ms | p90 ms | max ms | mean ms | essays/s | old rules' mean ÷ this |
    |---|---:|---:|---:|---:|---:|---:|
    """)
var baseline: Double?
for row in rows {
    let times = time(row, passes: quick ? 1 : 3)
    let mean = times.reduce(0, +) / Double(times.count)
    baseline = baseline ?? mean
    print("| \(row.name) | \(ms(percentile(times, 0.5))) | \(ms(percentile(times, 0.9))) | \(ms(times.last ?? 0)) | \(ms(mean)) | "
        + "\(grouped(Int((1e9 / mean).rounded()))) | \(ratio((baseline ?? mean) / mean)) |")
}
if sink.isNaN { print("") }
