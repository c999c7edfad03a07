import Foundation
import TestSupport
import Testing

/// `bandup content check`, run as the built executable: on the real curriculum and on a broken one.
@Suite struct ContentCommandTests {
    @Test func theCurriculumIsValid() async throws {
        let outcome = try await BandUpProcess.runAside(["content", "check", "Content"])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains(" tests, 30 prompts and 120 dictation sentences in Content: no problems."), "\(outcome.output)")
    }

    @Test func everyProblemIsReportedWithFileAndLine() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("content-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("reading"), withIntermediateDirectories: true)
        let good = "---\ntitle: A\nslug: a\nskill: reading\nlevel: 5-6\ntopic: t\nsummary: s\nminutes: 5\n---\nSee [b](lesson:missing).\n"
        try good.write(to: root.appendingPathComponent("reading/a.md"), atomically: true, encoding: .utf8)
        try good.replacingOccurrences(of: "See [b](lesson:missing).", with: "```callout danger\nx\n```")
            .write(to: root.appendingPathComponent("reading/b.md"), atomically: true, encoding: .utf8)
        try "no front matter".write(to: root.appendingPathComponent("c.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("dictation"), withIntermediateDirectories: true)
        try "id\tlevel\tvoice\tsource\ttext\nferry-01\teasy\ten-gb\tx\tThe ferry leaves at noon.\nFerry 2\teasy\ten-gb\tx\tIt is late.\nferry-03\tsimple\ten\tx\tNo such level here.\n"
            .write(to: root.appendingPathComponent("dictation/sentences.tsv"), atomically: true, encoding: .utf8)
        let outcome = try await BandUpProcess.runAside(["content", "check", root.path])
        #expect(outcome.status != 0)
        for expected in ["/c.md:1: a lesson starts with front matter", "/reading/a.md:10: no lesson with the slug 'missing'",
                         "/reading/b.md:10: a callout is tip, note or warning",
                         "/dictation/sentences.tsv:2: no recording 'audio/dictation/ferry-01.mp3'",
                         "/dictation/sentences.tsv:3: the id 'Ferry 2' is not lower-case letters",
                         "/dictation/sentences.tsv:4: the level is easy, medium or hard, not 'simple'"] {
            #expect(outcome.output.contains(expected), "\(expected) in \(outcome.output)")
        }
    }
}
