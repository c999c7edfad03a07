/// Where BandUp runs: development (a laptop), test (the test suite) or production (AWS).
enum AppEnvironment: String, Sendable, CaseIterable {
    case development
    case test
    case production

    /// Development shows error details, reloads templates, serves `Public/` and migrates at start.
    var isDevelopment: Bool { self == .development }
    var isProduction: Bool { self == .production }
}
