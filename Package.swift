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
        .library(name: "Auth", targets: ["Auth"]),
        .library(name: "Practice", targets: ["Practice"]),
        .library(name: "Content", targets: ["Content"]),
        .library(name: "Scorer", targets: ["Scorer"]),
        .library(name: "Speech", targets: ["Speech"]),
        .library(name: "Feedback", targets: ["Feedback"]),
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
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // Our HTML template engine with contextual auto-escaping. Standard library + FoundationEssentials only.
        .target(name: "Templates"),
        // hiredis (Debian's libhiredis-dev 0.14): its RESP reply reader and command formatter.
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        // libcmark (Debian's libcmark-dev 0.30): CommonMark for lessons; its users arrive with the content issue.
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        // An async Redis client: hiredis's reader and formatter on a NIO channel, never blocking an event loop.
        .target(
            name: "Redis",
            dependencies: ["CHiredis", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl")]
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
        .testTarget(name: "RedisTests", dependencies: ["Redis", "RedisPersist", "TestSupport"]),
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
        .testTarget(name: "DatabaseTests", dependencies: ["Database", "BandUpWeb", "TestSupport"]),
        // Mail: messages (text and HTML parts), the PostgreSQL outbox and its sender, SMTP over SwiftNIO.
        .target(
            name: "Mail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "MailTests", dependencies: ["Mail", "TestSupport"]),
        // Accounts, passwords, sessions, sign-in throttling and password resets: plain modules over PostgreSQL and Redis, no HTTP.
        .target(
            name: "Auth",
            dependencies: [
                "Database", "Redis", "Mail", "CQRencode",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(name: "AuthTests", dependencies: ["Auth", "Database", "Redis", "TestSupport", .product(name: "_CryptoExtras", package: "swift-crypto")]),
        // IELTS practice as plain rules: question types, answer keys, marking (no I/O, no YAML, no HTTP).
        .target(name: "Practice"),
        .testTarget(name: "PracticeTests", dependencies: ["Practice", "TestSupport"]),
        // Lessons: Markdown through libcmark's syntax tree with BandUp's own blocks, and YAML front matter.
        .target(
            name: "Content",
            dependencies: [
                "CCmark", "Practice", "Templates",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(name: "ContentTests", dependencies: ["Content", "Practice", "Templates", "TestSupport", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Yams", package: "Yams")]),
        // Hunspell (Debian's libhunspell-dev 1.7 with hunspell-en-gb and hunspell-en-us): spelling for the scorer.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CHunspell", pkgConfig: "hunspell", providers: [.apt(["libhunspell-dev"])]),
        // The trained band scorer: one feature extractor for training and run time, the model it
        // loads (JSON from scripts/train-scorer), its ranges and refusals, and the evaluation metrics.
        .target(
            name: "Scorer",
            dependencies: ["CHunspell", "CPocketSphinx", "Practice", .product(name: "CompressNIO", package: "compress-nio"), .product(name: "NIOCore", package: "swift-nio")],
            resources: [
                .copy("Resources/word-frequency.tsv.gz"), .copy("Resources/word-frequency.LICENSE.txt"),
                .copy("Resources/academic-words.tsv"), .copy("Resources/academic-words.LICENSE.txt"),
                .copy("Resources/writing-scorer.json"),
            ]
        ),
        .testTarget(name: "ScorerTests", dependencies: ["Scorer", "Practice", "TestSupport"]),
        // The JSON API's contract and plain parts: openapi.yaml read as the single source of truth
        // (operations, scopes, JSON Schema validation of what a request sends), a strict JSON reader
        // and writer, RFC 9457 problems, page cursors. No HTTP here: the web layer serves it.
        .target(name: "API", dependencies: [.product(name: "Yams", package: "Yams")]),
        .testTarget(name: "APITests", dependencies: ["API"]),
        // PocketSphinx (Debian's libpocketsphinx-dev with pocketsphinx-en-us): offline speech recognition.
        .systemLibrary(name: "CPocketSphinx", pkgConfig: "pocketsphinx", providers: [.apt(["libpocketsphinx-dev"])]),
        // Listening to a Speaking answer: the recording decoded (ffmpeg), recognised with word timings
        // and confidences, fluency measured from the timings, and the word error rate that checks it.
        .target(name: "Speech", dependencies: ["CPocketSphinx", .product(name: "NIOPosix", package: "swift-nio")],
                resources: [.copy("Resources/recognition-accuracy.json")]),
        .testTarget(name: "SpeechTests", dependencies: ["Speech", "TestSupport"], exclude: ["Fixtures"]),
        // Writing and Speaking feedback: the model, the offline analyser, Gemini and Bedrock, the Redis queue.
        .target(
            name: "Feedback",
            dependencies: [
                "AWSEventStream", "AWSSigning", "Practice", "Redis", "Scorer", "Speech",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // A learner's own study material: flashcard decks and their FSRS schedule, card sets made by
        // a queued job (offline from WordNet and a frequency list, or by a model), dictation sessions.
        .target(
            name: "Study",
            dependencies: [
                "Feedback", "Practice", "Scorer",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(name: "StudyTests", dependencies: ["Study", "AWSSigning", "Feedback", "Practice", "Database", "Scorer", "TestSupport",
                                                       .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(name: "FeedbackTests", dependencies: ["AWSEventStream", "AWSSigning", "Database", "Feedback", "Practice", "Redis", "Scorer", "TestSupport",
                                                          .product(name: "PostgresNIO", package: "postgres-nio"),
                                                          .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        // AWS's event-stream framing (Bedrock's ConverseStream answers): pure, checked against the official vectors.
        .target(name: "AWSEventStream"),
        .testTarget(name: "AWSEventStreamTests", dependencies: ["AWSEventStream", "TestSupport"]),
        // AWS Signature Version 4 (S3 now, Bedrock later): pure, checked against the official test suite.
        .target(name: "AWSSigning", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // S3 over AsyncHTTPClient (SigV4) and the Storage abstraction for user content.
        .target(
            name: "ObjectStorage",
            dependencies: [
                "AWSSigning",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ObjectStorageTests", dependencies: ["ObjectStorage", "AWSSigning", "TestSupport"]),
        .testTarget(name: "AWSSigningTests", dependencies: ["AWSSigning", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        // Fingerprinted assets for the CDN: build (rewrite references, hash, gzip, manifest) and serve.
        .target(
            name: "AssetPipeline",
            dependencies: [
                "AWSSigning", "ObjectStorage",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "AssetPipelineTests", dependencies: ["AssetPipeline", "ObjectStorage", "AWSSigning", "TestSupport"]),
        // The `bandup` executable: its commands and the web layer (HTTP in, calls to the modules, HTML out).
        .executableTarget(
            name: "BandUpWeb",
            dependencies: [
                "API", "AssetPipeline", "AWSSigning", "Auth", "Content", "Database", "Feedback", "Mail", "ObjectStorage", "Practice", "Redis", "Scorer", "Speech", "Study", "Templates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // Real servers for tests: throwaway PostgreSQL clusters, redis-server processes, `bandup` itself.
        .target(
            name: "TestSupport",
            dependencies: ["Redis", "Database"],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "API", "AssetPipeline", "Auth", "AWSSigning", "BandUpWeb", "Content", "Feedback", "Mail", "ObjectStorage", "Practice", "Redis", "Scorer", "Study", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // deploy/: cfn-lint, the policy rules, moto's CloudFormation, the image and the scripts agreeing.
        .testTarget(name: "DeployTests", dependencies: ["TestSupport"]),
        .testTarget(
            name: "TemplatesTests",
            dependencies: ["Templates", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
