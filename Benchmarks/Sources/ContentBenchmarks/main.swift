// ContentBenchmarks: renders every lesson of Content/ with BandUp's cmark path and with Ink
// (a pure-Swift Markdown parser), checks both read the same documents, then measures each.
//
//   swift run -c release --package-path Benchmarks ContentBenchmarks [--quick]

import BenchmarkSupport
import Content
import Foundation
import Ink

let arguments = CommandLine.arguments.dropFirst()
let config: MeasureConfig = arguments.contains("--quick") ? .quick : .full
if let problem = checkAllocationCounting() {
    print("error: \(problem)")
    exit(1)
}

// Content/ of this checkout, found from this file's path.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Content").path
let check = ContentCheck(root: root, mediaExists: { _ in true })
let sources = try check.lessonFiles().map { try String(contentsOfFile: root + "/" + $0, encoding: .utf8) }
let lessons = try sources.map { try Lesson.parse($0, file: "lesson.md") }
let bodies = lessons.map(\.body)
let renderer = MarkdownRenderer(resolveMedia: { "/assets/" + $0 })
let ink = MarkdownParser()
let markdownBytes = bodies.reduce(0) { $0 + $1.utf8.count }

// Both must read the same documents: the same headings, in the same order, for every lesson.
func headings(_ html: String) -> [String] {
    html.matches(of: /<h([1-6])>/).map { String($0.1) }
}
for (index, body) in bodies.enumerated() {
    let ours = try renderer.document(body, file: "lesson.md").html
    let theirs = ink.html(from: body)
    guard headings(ours) == headings(theirs), !ours.isEmpty, !theirs.isEmpty else {
        print("error: \(check.lessonFiles()[index]): the renderers disagree on the headings: \(headings(ours)) vs \(headings(theirs))")
        exit(1)
    }
}
if arguments.contains("--verify") {
    print("\(lessons.count) lessons: both renderers read the same headings.")
    exit(0)
}

// --profile ROW SECONDS: render one row (ink, cmark, bodies, files) in a loop, for perf;
// --rounds ROW N: exactly N renders of every lesson, for `valgrind --tool=callgrind` (instruction
// counts do not move with the machine's load, unlike time on a shared 2-core machine).
@MainActor func renderRow(_ row: String) throws {
    for (body, source) in zip(bodies, sources) {
        switch row {
        case "ink": blackHole(Array(ink.html(from: body).utf8))
        case "cmark": blackHole(Array(MarkdownRenderer.commonMarkOnly(body).utf8))
        case "files": blackHole(Array(try Lesson.parse(source, file: "l.md").body(with: renderer, file: "l.md").html.utf8))
        default: blackHole(Array(try renderer.document(body, file: "l.md").html.utf8))
        }
    }
}
if let index = arguments.firstIndex(of: "--profile"), arguments.count >= 3 {
    let row = arguments[arguments.index(after: index)], seconds = Double(arguments[arguments.index(index, offsetBy: 2)]) ?? 3
    let start = monotonicNanoseconds()
    while Double(monotonicNanoseconds() - start) < seconds * 1e9 { try renderRow(row) }
    exit(0)
}
if let index = arguments.firstIndex(of: "--rounds"), arguments.count >= 3 {
    let row = arguments[arguments.index(after: index)], rounds = Int(arguments[arguments.index(index, offsetBy: 2)]) ?? 1
    for _ in 0..<rounds { try renderRow(row) }
    exit(0)
}

let rows = [
    try measure("Ink 0.6.0 (bodies)", config: config) {
        var out = ""
        for body in bodies { out += ink.html(from: body) }
        return Array(out.utf8)
    },
    try measure("cmark alone: cmark_markdown_to_html (bodies; the floor)", config: config) {
        var out = ""
        for body in bodies { out += MarkdownRenderer.commonMarkOnly(body) }
        return Array(out.utf8)
    },
    try measure("BandUp: cmark + our blocks (bodies)", config: config) {
        var out = ""
        for body in bodies { out += try renderer.document(body, file: "lesson.md").html }
        return Array(out.utf8)
    },
    try measure("BandUp: whole files (front matter + bodies)", config: config) {
        var out = ""
        for source in sources { out += try Lesson.parse(source, file: "lesson.md").body(with: renderer, file: "lesson.md").html }
        return Array(out.utf8)
    },
]

let ink0 = rows[0].medianNanoseconds
print("""
    # Lessons: \(lessons.count) files, \(grouped(markdownBytes)) bytes of Markdown bodies; one render = all of them

    \(MachineInfo.describe())

    | Renderer | median µs | renders/s | MB/s of Markdown | allocs/render | Ink's time ÷ this |
    |---|---:|---:|---:|---:|---:|
    """)
for row in rows {
    let seconds = row.medianNanoseconds / 1e9
    print("| \(row.renderer) | \(grouped(Int((row.medianNanoseconds / 1000).rounded()))) | \(grouped(Int((1 / seconds).rounded()))) | "
        + "\(fixed(Double(markdownBytes) / seconds / 1e6, 1)) | \(allocationText(row.allocationsPerRender)) | \(ratio(ink0 / row.medianNanoseconds)) |")
}
