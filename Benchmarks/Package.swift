// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "BandUpBenchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "TemplateBenchmarks", targets: ["TemplateBenchmarks"]),
        .executable(name: "ContentBenchmarks", targets: ["ContentBenchmarks"]),
        .executable(name: "BareStreams", targets: ["BareStreams"]),
        .executable(name: "ScorerBenchmarks", targets: ["ScorerBenchmarks"]),
        .executable(name: "FortunesReference", targets: ["FortunesReference"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/stencilproject/Stencil", from: "0.15.1"),
        .package(url: "https://github.com/vapor/leaf-kit", from: "1.14.3"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        // Already a dependency of leaf-kit; named here for NIOEmbedded's EmbeddedEventLoop.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(name: "BandUp", path: ".."),
        // (`name:` matters: with a bare `.package(path: "..")` the package's identity is the
        // checkout directory's name, e.g. "main", and `package: "BandUp"` below fails to resolve.)
    ],
    targets: [
        // Counts allocating calls (malloc/calloc/realloc/posix_memalign/aligned_alloc/memalign)
        // by interposing glibc's allocator from the executable (see its MallocCounter.c).
        .target(name: "CMallocCounter"),
        // Timing, allocation counts, machine description and number formatting shared by the harnesses.
        .target(name: "BenchmarkSupport", dependencies: ["CMallocCounter"]),
        .executableTarget(
            name: "TemplateBenchmarks",
            dependencies: [
                "BenchmarkSupport", "CMallocCounter",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Stencil", package: "Stencil"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Templates", package: "BandUp"),
            ]
        ),
        // Every lesson of Content/ rendered by our cmark path and by Ink (pure-Swift Markdown).
        .executableTarget(
            name: "ContentBenchmarks",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Ink", package: "Ink"),
                .product(name: "Content", package: "BandUp"),
            ]
        ),
        // The offline Writing assessment essay by essay: the old rules beside the trained scorer and its parts.
        .executableTarget(
            name: "ScorerBenchmarks",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Feedback", package: "BandUp"),
                .product(name: "Scorer", package: "BandUp"),
                .product(name: "Practice", package: "BandUp"),
            ]
        ),
        // The peer of the feedback-stream benchmark: a bare Hummingbird 2 SSE route fed by one
        // in-process broadcaster (no sessions, no database, no Redis).
        .executableTarget(
            name: "BareStreams",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")]
        ),
        // The peer of the web benchmark: TechEmpower's Fortunes on Hummingbird 2 + PostgresNIO +
        // swift-mustache, the stack of the framework's own TFB entry.
        .executableTarget(
            name: "FortunesReference",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
    ]
)
