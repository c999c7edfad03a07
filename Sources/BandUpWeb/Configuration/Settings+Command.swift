import ArgumentParser
import Foundation

extension Settings {
    /// The settings for a long-running command (`serve`, `worker`): every problem printed at
    /// once and exit status 78 (EX_CONFIG) when there is any; logging set up from them.
    static func loadForCommand() async throws -> Settings {
        let settings: Settings
        do {
            settings = try await Settings.load(environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
        settings.bootstrapLogging()
        return settings
    }
}
