import Foundation
import TestSupport
import Testing

/// `bandup content check`, run as the built executable: on the real curriculum and on a broken one.
@Suite struct ContentCommandTests {
    @Test func theCurriculumIsValid() throws {
        let outcome = try BandUpProcess.run(["content", "check", "Content"])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains(" tests and 30 prompts in Content: no problems."), "\(outcome.output)")
    }

    @Test func everyProblemIsReportedWithFileAndLine() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("content-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("reading"), withIntermediateDirectories: true)
        let good = "---\ntitle: A\nslug: a\nskill: reading\nlevel: 5-6\ntopic: t\nsummary: s\nminutes: 5\n---\nSee [b](lesson:missing).\n"
        try good.write(to: root.appendingPathComponent("reading/a.md"), atomically: true, encoding: .utf8)
        try good.replacingOccurrences(of: "See [b](lesson:missing).", with: "```callout danger\nx\n```")
            .write(to: root.appendingPathComponent("reading/b.md"), atomically: true, encoding: .utf8)
        try "no front matter".write(to: root.appendingPathComponent("c.md"), atomically: true, encoding: .utf8)
        let outcome = try BandUpProcess.run(["content", "check", root.path])
        #expect(outcome.status != 0)
        for expected in ["/c.md:1: a lesson starts with front matter", "/reading/a.md:10: no lesson with the slug 'missing'",
                         "/reading/b.md:10: a callout is tip, note or warning"] {
            #expect(outcome.output.contains(expected), "\(expected) in \(outcome.output)")
        }
    }
}
