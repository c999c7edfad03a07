/// Why a recording could not be listened to, in words a learner or operator can act on.
public struct SpeechError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
