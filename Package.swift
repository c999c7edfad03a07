// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "BandUp",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Templates", targets: ["Templates"]),
    ],
    targets: [
        // Our HTML template engine with contextual auto-escaping. Standard library + FoundationEssentials only.
        .target(name: "Templates"),
        .testTarget(
            name: "TemplatesTests",
            dependencies: ["Templates"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
