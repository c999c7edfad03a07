import Foundation

/// The recogniser's measured word error rate, as docs/scoring.md reports it and the page quotes it
/// (Resources/recognition-accuracy.json; Tests/SpeechTests checks it against the recordings).
public struct RecognitionAccuracy: Sendable, Decodable, Equatable {
    public let measured: String
    public let command: String
    public let recordings: Int
    public let words: Int
    public let wordErrorRate: Double
    public let voice: String

    /// The bundled figures; nil only when the resource is missing.
    public static let bundled: RecognitionAccuracy? = {
        guard let url = Bundle.module.url(forResource: "recognition-accuracy", withExtension: "json"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(RecognitionAccuracy.self, from: data)
    }()

    /// "On 120 recorded sentences … about 16 words in 100 wrong …"
    public var sentence: String {
        "On \(recordings) recorded sentences in a clear voice, BandUp's recogniser got about \(Int((wordErrorRate * 100).rounded())) words in 100 wrong. "
            + "It has not been measured on learners' own recordings: an accent, a quiet voice or a noisy room can make it worse, so check the words it marks as unsure."
    }
}
