// swift-tools-version: 6.1
// libFuzzer harness for the template engine's lexer, parser, context tracker and escapers.
// Build and run (see README.md):
//   swift build -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer --package-path Fuzz --product TemplatesFuzzer
import PackageDescription

let package = Package(
    name: "BandUpFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "BandUp", path: "..")],
    targets: [
        .executableTarget(name: "TemplatesFuzzer", dependencies: [.product(name: "Templates", package: "BandUp")]),
    ]
)
