import ArgumentParser

/// `bandup`: BandUp's command-line entry point.
@main
struct BandUp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bandup",
        abstract: "BandUp, the IELTS preparation platform.",
        discussion: "Settings come from environment variables (see README.md). Each command explains itself with --help.",
        subcommands: [Serve.self, Worker.self, Migrate.self, UserCommand.self, AssetsCommand.self, ContentCommand.self, FeedbackCommand.self, SpeechCommand.self]
    )
}
