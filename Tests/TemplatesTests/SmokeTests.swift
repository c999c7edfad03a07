import Testing
import Foundation
@testable import Templates

@Test func rendersAVariable() throws {
    let library = try TemplateLibrary(sources: ["a.html": "<p>{{ name }}</p>"])
    #expect(try library.renderString("a.html", ["name": "<b>"] as TemplateValue) == "<p>&lt;b&gt;</p>")
}

@Test func benchmarkPage() throws {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Benchmarks/Templates/ours").path
    let library = try TemplateLibrary(directory: dir)
    var results: [TemplateValue] = []
    for i in 0..<3 {
        let title: String = i == 1 ? "Cambridge & <x>" : "Test \(i)"
        var row: [String: TemplateValue] = ["id": .int(i + 1), "title": .string(title), "slug": .string("academic-\(i)")]
        row["skill"] = "Reading"
        row["band"] = .double(5.0 + Double(i) * 0.5)
        row["correct"] = 30
        row["total"] = 40
        row["accuracy"] = 0.75
        row["takenAt"] = .date(Date(timeIntervalSince1970: 1_700_000_000))
        results.append(.dictionary(row))
    }
    let ctx: TemplateValue = ["user": ["name": "Amélie O'Brien", "targetBand": 7.0], "section": "progress", "year": 2026, "stylesheet": "/assets/app.css", "results": .array(results)]
    print(try library.renderString("bandup/results.html", ctx))
    print(try library.renderString("fortunes.html", ["fortunes": [["id": 1, "message": "<script>alert(\"x\")</script>"], ["id": 2, "message": "フレームワーク"]]] as TemplateValue))
}

