import Testing
@testable import Templates

@Test func rendersAVariable() throws {
    let library = try TemplateLibrary(sources: ["a.html": "<p>{{ name }}</p>"])
    #expect(try library.renderString("a.html", ["name": "<b>"] as TemplateValue) == "<p>&lt;b&gt;</p>")
}
