// swift-tools-version: 6.1
// libFuzzer harnesses: the template engine (lexer, parser, context tracker, escapers) and lesson files.
// Build and run (see README.md):
//   swift build -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer --package-path Fuzz --product TemplatesFuzzer
import PackageDescription

let package = Package(
    name: "BandUpFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "BandUp", path: "..")],
    targets: [
        .executableTarget(name: "TemplatesFuzzer", dependencies: [.product(name: "Templates", package: "BandUp")]),
        // Lesson files: front matter, Markdown through cmark, BandUp's blocks, questions, the editor's form.
        .executableTarget(name: "ContentFuzzer", dependencies: [.product(name: "Content", package: "BandUp")]),
    ]
)
