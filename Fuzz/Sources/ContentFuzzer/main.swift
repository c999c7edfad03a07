// libFuzzer entry point: every input is a lesson file. Parsing and rendering must succeed or give
// a ContentError with a line and a message; nothing may crash or hang. What renders must contain
// no script element and no javascript: link, and a lesson must survive the editor's form (the
// file rebuilt from its fields reads back as the same lesson).
import Content
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let renderer = MarkdownRenderer(resolveMedia: { $0.hasPrefix("audio/") ? "/assets/" + $0 : nil })
    func checkHTML(_ html: String) {
        let lower = html.lowercased()
        precondition(!lower.contains("<script"), "a script element got through")
        precondition(!lower.contains("href=\"javascript:") && !lower.contains("src=\"javascript:"), "a javascript: URL got through")
    }
    func checkError(_ error: ContentError) {
        precondition(error.line >= 1 && !error.message.isEmpty, "an error without a line or a message")
    }
    // The input as a whole lesson file.
    do {
        let lesson = try Lesson.parse(source, file: "f.md")
        let again = try Lesson.parse(LessonDraft(source: source).source, file: "f.md")
        // The same lesson; only the line its body starts on may move (the front matter is rewritten),
        // and every line ending becomes \n (CRLF as browsers send form text, and lone CRs).
        func lines(_ text: String) -> String { text.withUnixLineEndings }
        precondition(again.title == lesson.title && again.slug == lesson.slug && again.skill == lesson.skill && again.level == lesson.level
                     && again.topic == lesson.topic && again.summary == lesson.summary && again.minutes == lesson.minutes
                     && again.tags == lesson.tags && again.audio == lesson.audio && again.vocabulary == lesson.vocabulary
                     && lines(again.body) == lines(lesson.body), "the editor's form changed the lesson")
        do { checkHTML(try lesson.body(with: renderer, file: "f.md").html) } catch { checkError(error) }
    } catch {
        checkError(error)
    }
    // The input as a lesson body.
    do {
        let body = try renderer.document(source, file: "f.md")
        checkHTML(body.html)
        for group in body.questionGroups {
            precondition(!group.questions.isEmpty && group.numberRange.lowerBound >= 1, "an empty or misnumbered group")
            for question in group.questions { _ = group.mark(question, given: [source.prefix(40).description]) }
        }
    } catch {
        checkError(error)
    }
    return 0
}
