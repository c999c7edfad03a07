/// A recording as the recogniser reads it: 16 kHz mono 16-bit samples.
public struct PCMAudio: Sendable, Equatable {
    public static let sampleRate = 16_000
    public let samples: [Int16]

    public init(samples: [Int16]) { self.samples = samples }

    /// Seconds of sound.
    public var duration: Double { Double(samples.count) / Double(Self.sampleRate) }
}
