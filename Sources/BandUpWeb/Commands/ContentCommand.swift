import ArgumentParser
import Content
import Foundation

/// `bandup content`: the curriculum in `Content/`.
struct ContentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "content",
        abstract: "Check the lessons in Content/.",
        subcommands: [Check.self]
    )

    /// `bandup content check [PATH]`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every lesson: front matter, blocks, links between lessons, media.",
            discussion: "Prints each problem as file:line: message and exits non-zero when there is any."
        )

        @Argument(help: "The directory of lessons.") var path = "Content"
        @Option(help: "Where media files (audio, images) referenced by lessons live.") var media = "Public"

        func run() async throws {
            let media = media
            let report = ContentCheck(root: path, mediaExists: { FileManager.default.fileExists(atPath: media + "/" + $0) }).run()
            for problem in report.problems { print("\(path)/\(problem)") }
            if report.problems.isEmpty {
                print("\(report.lessons.count) lessons in \(path): no problems.")
            } else {
                print("\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") in \(report.files) files.")
                throw ExitCode(1)
            }
        }
    }
}
