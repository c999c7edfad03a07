import Speech

/// Hears a Speaking answer's recording for the offline analyser.
public protocol AnswerListener: Sendable {
    func listen(toRecordingAt key: String) async throws -> RecognisedSpeech
}

/// Reads a recording from storage (`read`), decodes it with ffmpeg and recognises it with PocketSphinx.
public struct RecordingListener: AnswerListener {
    let recogniser: Recogniser
    let read: @Sendable (String) async throws -> [UInt8]?

    public init(recogniser: Recogniser, read: @escaping @Sendable (String) async throws -> [UInt8]?) {
        self.recogniser = recogniser
        self.read = read
    }

    public func listen(toRecordingAt key: String) async throws -> RecognisedSpeech {
        guard let bytes = try await read(key) else { throw SpeechError("the recording is no longer stored") }
        return try await recogniser.recognise(try await AudioDecoder.decode(bytes))
    }
}
