/// A problem in an editor's file, with the line it is on: `lessons/tfng.md:12: unknown block 'calout'`.
public struct ContentError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
