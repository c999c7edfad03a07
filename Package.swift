// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "BandUp",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Templates", targets: ["Templates"]),
        .library(name: "Redis", targets: ["Redis"]),
        .library(name: "Database", targets: ["Database"]),
        .library(name: "RedisPersist", targets: ["RedisPersist"]),
        .executable(name: "bandup", targets: ["BandUpWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
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
        // Hummingbird's PersistDriver (sessions) over the Redis client.
        .target(
            name: "RedisPersist",
            dependencies: [
                "Redis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "RedisTests", dependencies: ["Redis", "RedisPersist"]),
        // PostgreSQL access: configuration from DATABASE_URL and versioned SQL migrations.
        .target(
            name: "Database",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(name: "DatabaseTests", dependencies: ["Database", "BandUpWeb"]),
        // The `bandup` executable: its commands now; the web layer as it arrives.
        .executableTarget(
            name: "BandUpWeb",
            dependencies: [
                "Database",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "TemplatesTests",
            dependencies: ["Templates"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
