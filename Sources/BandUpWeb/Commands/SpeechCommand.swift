import ArgumentParser
import Foundation
import Speech

/// `bandup speech`: the offline recogniser from the command line, to check what it hears.
struct SpeechCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speech",
        abstract: "Listen to recordings with BandUp's offline recogniser (PocketSphinx).",
        subcommands: [Transcribe.self, ErrorRate.self]
    )

    /// `bandup speech transcribe FILE...`: what the recogniser hears, with timings and fluency.
    struct Transcribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one JSON line per recording: the transcript, each word's times and confidence, and the fluency measures.")

        @Argument(help: "Recordings (WebM, Ogg, MP4, MP3, WAV).") var files: [String]
        @ArgumentParser.Option(help: "The PocketSphinx model directory.") var model = Recogniser.debianModel

        func run() async throws {
            let recogniser = try Recogniser(model: model)
            for file in files {
                var line: [String: Any] = ["file": file]
                do {
                    let heard = try await recogniser.recognise(try await AudioDecoder.decode(fileAt: file))
                    line["transcript"] = heard.transcript
                    line["seconds"] = heard.duration
                    line["words"] = heard.words.map { ["word": $0.text, "start": $0.start, "end": $0.end, "confidence": ($0.confidence * 1000).rounded() / 1000] }
                    line["fluency"] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(FluencyMeasures(heard)))
                } catch {
                    line["error"] = "\(error)"
                }
                print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            }
        }
    }

    /// `bandup speech wer SENTENCES.tsv --audio DIR`: the word error rate on recordings with known words.
    struct ErrorRate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "wer",
            abstract: "Recognise recordings whose words are known and print the word error rate (Markdown).",
            discussion: """
                The TSV has a header with columns id and text (Content/dictation/sentences.tsv has them), \
                and optionally level, reported separately. Each id's recording is DIR/<id>.wav, .mp3, .webm \
                or .ogg. Also printed: how often a word marked unsure was wrong, and how fast recognition ran.
                """
        )

        @Argument(help: "A TSV with columns id and text.") var sentences: String
        @ArgumentParser.Option(help: "The directory of recordings, one per id.") var audio: String
        @ArgumentParser.Option(help: "A title for the report.") var title = "Speech recognition"
        @ArgumentParser.Option(help: "List this many of the worst recognised sentences.") var worst = 5
        @ArgumentParser.Option(help: "The PocketSphinx model directory.") var model = Recogniser.debianModel

        func run() async throws {
            let rows = try Self.rows(try String(contentsOfFile: sentences, encoding: .utf8))
            let recogniser = try Recogniser(model: model)
            var total = WordErrorRate(), byLevel: [String: WordErrorRate] = [:], missing = 0
            var seconds = 0.0, busy = Duration.zero, sure = (right: 0, all: 0), unsure = (right: 0, all: 0)
            var results: [(rate: Double, text: String, heard: String)] = []
            for row in rows {
                guard let file = ["wav", "mp3", "webm", "ogg"].map({ "\(audio)/\(row.id).\($0)" }).first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                    missing += 1
                    continue
                }
                let sound = try await AudioDecoder.decode(fileAt: file)
                let started = ContinuousClock.now
                let heard = try await recogniser.recognise(sound)
                busy += ContinuousClock.now - started
                seconds += sound.duration
                let errors = WordErrorRate(reference: row.text, hypothesis: heard.transcript)
                total = total + errors
                byLevel[row.level ?? "all", default: WordErrorRate()] = byLevel[row.level ?? "all", default: WordErrorRate()] + errors
                results.append((errors.rate, row.text, heard.transcript))
                // Is a word marked unsure more often wrong than one marked sure? (A word counts as right
                // when the sentence has it.)
                let said = Set(WordErrorRate.words(row.text))
                for word in heard.words where !word.isFiller {
                    let right = said.contains(word.text)
                    if word.confidence < RecognisedSpeech.sureEnough { unsure.all += 1; unsure.right += right ? 1 : 0 } else { sure.all += 1; sure.right += right ? 1 : 0 }
                }
            }
            func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
            var lines = ["## \(title)", "", "| measure | value |", "|---|---|",
                         "| recordings | \(results.count)\(missing > 0 ? " (\(missing) missing)" : "") |",
                         "| reference words | \(total.referenceWords) |",
                         "| word error rate | \(percent(total.rate)) |",
                         "| substitutions / deletions / insertions | \(total.substitutions) / \(total.deletions) / \(total.insertions) |"]
            for level in byLevel.keys.sorted() where byLevel.count > 1 {
                lines.append("| word error rate, \(level) | \(percent(byLevel[level]!.rate)) (\(byLevel[level]!.referenceWords) words) |")
            }
            if sure.all > 0 { lines.append("| words heard as sure that were said | \(percent(Double(sure.right) / Double(sure.all))) of \(sure.all) |") }
            if unsure.all > 0 { lines.append("| words marked unsure that were said | \(percent(Double(unsure.right) / Double(unsure.all))) of \(unsure.all) |") }
            let busySeconds = Double(busy.components.seconds) + Double(busy.components.attoseconds) / 1e18
            if seconds > 0 { lines.append("| recognition time / audio time | \(String(format: "%.2f", busySeconds / seconds)) |") }
            let poorest = results.sorted { $0.rate > $1.rate }.prefix(worst).filter { $0.rate > 0 }
            if !poorest.isEmpty {
                lines += ["", "Worst recognised:", ""] + poorest.map { "- \(percent($0.rate)): \"\($0.text)\" heard as \"\($0.heard)\"" }
            }
            print(lines.joined(separator: "\n"))
        }

        struct Row { let id: String, text: String, level: String? }

        static func rows(_ tsv: String) throws -> [Row] {
            var lines = tsv.split(whereSeparator: \.isNewline).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            guard !lines.isEmpty else { throw ValidationError("the TSV is empty") }
            let header = lines.removeFirst()
            guard let id = header.firstIndex(of: "id"), let text = header.firstIndex(of: "text") else { throw ValidationError("the TSV needs columns id and text") }
            let level = header.firstIndex(of: "level")
            return lines.filter { $0.count > max(id, text) }.map { fields in
                Row(id: fields[id], text: fields[text], level: level.flatMap { fields.count > $0 ? fields[$0] : nil })
            }
        }
    }
}
