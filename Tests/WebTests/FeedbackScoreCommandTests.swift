import Foundation
import Testing
import TestSupport

/// `bandup feedback score`: essays in, one JSON line per essay out, in order.
@Suite struct FeedbackScoreCommandTests {
    static func lines(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func aDirectoryOfEssaysAgainstAPrompt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("essays-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FeedbackFixture.essay.write(to: directory.appendingPathComponent("a-good.txt"), atomically: true, encoding: .utf8)
        try "Working at home is good. I like it.".write(to: directory.appendingPathComponent("b-short.txt"), atomically: true, encoding: .utf8)
        try "ignored".write(to: directory.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)

        let outcome = try await BandUpProcess.runAside(["feedback", "score", directory.path, "--prompt", "traffic-congestion-cities"])
        #expect(outcome.status == 0, "\(outcome.output)")
        let rows = Self.lines(outcome.output)
        #expect(rows.map { $0["source"] as? String } == ["a-good.txt", "b-short.txt"])
        #expect(rows.allSatisfy { $0["provider"] as? String == "offline" && $0["estimate"] as? Bool == true && $0["task"] as? String == "task-2" })
        let good = try #require(rows.first?["band"] as? Double)
        let low = try #require(rows.first?["low"] as? Double), high = try #require(rows.first?["high"] as? Double)
        #expect(good >= 5 && low < good && good < high, "\(low) \(good) \(high)")
        #expect((rows.last?["refused"] as? String)?.contains("too little to estimate a band") == true && rows.last?["band"] == nil, "a short answer gets no band")
        let criteria = try #require(rows.first?["criteria"] as? [String: Double])
        #expect(Set(criteria.keys) == ["task-response", "coherence-cohesion", "lexical-resource", "grammatical-range"])
    }

    @Test func aCSVWithPromptsBySlugOrTextAndABadRow() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("essays-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let essay = FeedbackFixture.essay.replacingOccurrences(of: "\"", with: "\"\"")
        try """
            id,prompt,essay,task
            1,traffic-congestion-cities,"\(essay)",
            2,"Describe the chart of commuting, please.","The bar chart shows how people travelled to work in 2004 and 2024.",academic-task-1
            3,working-from-home-debate,,
            4,working-from-home-debate,"An essay.",speaking-part-1
            5,longer-prison-sentences,"\(essay)",
            """.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try await BandUpProcess.runAside(["feedback", "score", file.path])
        #expect(outcome.status == 1, "rows that cannot be scored make the exit status 1")
        #expect(outcome.output.contains("2 of 5 essays could not be scored."))
        let rows = Self.lines(outcome.output)
        #expect(rows.map { $0["id"] as? String } == ["1", "2", "3", "4", "5"])
        #expect((rows[4]["refused"] as? String)?.contains("not seem to be about the task's topic") == true && rows[4]["band"] == nil,
                "an essay on transport sent to the prison prompt gets no band")
        #expect(rows[0]["task"] as? String == "task-2" && rows[0]["band"] is Double)
        #expect(rows[1]["task"] as? String == "academic-task-1" && rows[1]["refused"] is String, "14 words are too few for a band")
        #expect((rows[2]["error"] as? String)?.contains("empty") == true && rows[2]["source"] as? String == "\(file.path):\(4 + essay.filter { $0 == "\n" }.count)", "a row's line counts the line breaks inside quotes")
        #expect((rows[3]["error"] as? String)?.contains("speaking-part-1") == true)
    }

    @Test func evaluatePrintsTheModelCardsFigures() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rated-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let essay = FeedbackFixture.essay.replacingOccurrences(of: "\"", with: "\"\"")
        let worse = essay.split(separator: "\n\n").prefix(3).joined(separator: "\r\n").replacingOccurrences(of: "the", with: "teh")
        let prompt = FeedbackFixture.promptText
        try """
            id,prompt,essay,task,band
            1,"\(prompt)","\(essay)",task-2,7
            2,"\(prompt)","\(worse)",task-2,4.5
            3,"\(prompt)","Too short to score.",task-2,5
            """.write(to: file, atomically: true, encoding: .utf8)
        let predictions = file.deletingPathExtension().appendingPathExtension("jsonl")
        defer { try? FileManager.default.removeItem(at: predictions) }
        let outcome = try await BandUpProcess.runAside(["feedback", "evaluate", file.path, "--predictions", predictions.path])
        #expect(outcome.status == 0, "\(outcome.output)")
        for line in ["| essays scored | 2 |", "| refused (no band) | 1 |", "| mean absolute error |", "| quadratic weighted kappa |",
                     "| 80% range holds the examiner's band |", "Confusion by whole band"] {
            #expect(outcome.output.contains(line), "\(line) in \(outcome.output)")
        }
        let rows = Self.lines(try String(contentsOf: predictions, encoding: .utf8))
        let first = try #require(rows.first?["band"] as? Double), second = try #require(rows.dropFirst().first?["band"] as? Double)
        #expect(rows.count == 3 && first > second && rows.last?["refused"] is String, "\(rows)")
        let rules = try await BandUpProcess.runAside(["feedback", "evaluate", file.path, "--rules"])
        #expect(rules.status == 0 && rules.output.contains("offline rules") && !rules.output.contains("80% range"), "\(rules.output)")
        let features = try await BandUpProcess.runAside(["feedback", "features", file.path])
        let measured = Self.lines(features.output)
        #expect(measured.count == 3 && (measured[0]["features"] as? [String: Double])?["words"] ?? 0 > 250 && measured[2]["refused"] is String)
    }

    @Test func unreadableInputIsExplained() async throws {
        let outcome = try await BandUpProcess.runAside(["feedback", "score", "/no/such/place"])
        #expect(outcome.status != 0 && outcome.output.contains("no such file or directory: /no/such/place"), "\(outcome.output)")
        let prompt = try await BandUpProcess.runAside(["feedback", "score", "Content", "--prompt", "no-such-prompt"])
        #expect(prompt.status != 0 && prompt.output.contains("no prompt 'no-such-prompt'"), "\(prompt.output)")
    }
}
