// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "BandUp",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Templates", targets: ["Templates"]),
        .library(name: "Redis", targets: ["Redis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // Our HTML template engine with contextual auto-escaping. Standard library + FoundationEssentials only.
        .target(name: "Templates"),
        // hiredis (Debian's libhiredis-dev 0.14): its RESP reply reader and command formatter.
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        // An async Redis client: hiredis's reader and formatter on a NIO channel, never blocking an event loop.
        .target(
            name: "Redis",
            dependencies: ["CHiredis", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .testTarget(name: "RedisTests", dependencies: ["Redis"]),
        .testTarget(
            name: "TemplatesTests",
            dependencies: ["Templates"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
