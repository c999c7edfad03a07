import CPocketSphinx
import Foundation

/// Offline speech recognition with CMU PocketSphinx and its US English model (Debian's
/// `pocketsphinx-en-us`): words with their timings and posterior confidences. One decoder is
/// used by one recognition at a time, on the speech thread.
public final class Recogniser: @unchecked Sendable {
    /// Where Debian installs the model.
    public static let debianModel = "/usr/share/pocketsphinx/model/en-us"
    /// PocketSphinx's frames are 10 ms.
    static let framesPerSecond = 100.0

    private let decoder: OpaquePointer
    private let lock = NSLock()

    /// Loads the acoustic model, language model and pronouncing dictionary under `model`.
    public init(model: String = Recogniser.debianModel) throws {
        let files = ["\(model)/en-us", "\(model)/en-us.lm.bin", "\(model)/cmudict-en-us.dict"]
        for file in files where !FileManager.default.fileExists(atPath: file) {
            throw SpeechError("the speech model is missing \(file) (Debian: apt-get install pocketsphinx-en-us)")
        }
        let arguments = ["bandup", "-hmm", files[0], "-lm", files[1], "-dict", files[2], "-logfn", "/dev/null",
                         // Silence is kept in the frames, so word times are times in the recording and pauses show.
                         "-bestpath", "yes", "-remove_silence", "no", "-samprate", String(PCMAudio.sampleRate)]
        var argv = arguments.map { strdup($0) }
        defer { argv.forEach { free($0) } }
        guard let config = cmd_ln_parse_r(nil, ps_args(), Int32(argv.count), &argv, 1) else {
            throw SpeechError("PocketSphinx did not accept its settings")
        }
        defer { cmd_ln_free_r(config) }
        guard let decoder = ps_init(config) else { throw SpeechError("PocketSphinx could not load the model in \(model)") }
        self.decoder = decoder
    }

    deinit { ps_free(decoder) }

    /// Recognises a recording, on the speech thread.
    public func recognise(_ audio: PCMAudio) async throws -> RecognisedSpeech {
        try await SpeechThread.run { try self.recogniseNow(audio) }
    }

    /// Recognises a recording on the calling thread (it blocks for about a fifth of the audio's length).
    public func recogniseNow(_ audio: PCMAudio) throws -> RecognisedSpeech {
        lock.lock()
        defer { lock.unlock() }
        guard ps_start_utt(decoder) == 0 else { throw SpeechError("PocketSphinx could not start listening") }
        let processed = audio.samples.withUnsafeBufferPointer { ps_process_raw(decoder, $0.baseAddress, $0.count, 0, 1) }
        guard ps_end_utt(decoder) == 0, processed >= 0 else { throw SpeechError("PocketSphinx could not process the recording") }
        let logmath = ps_get_logmath(decoder)
        var words: [HeardWord] = []
        var segment = ps_seg_iter(decoder)
        while let current = segment {
            if let raw = ps_seg_word(current), let text = Self.word(String(cString: raw)) {
                var first: Int32 = 0, last: Int32 = 0, acoustic: Int32 = 0, language: Int32 = 0, backoff: Int32 = 0
                ps_seg_frames(current, &first, &last)
                let posterior = ps_seg_prob(current, &acoustic, &language, &backoff)
                words.append(HeardWord(text: text, start: Double(first) / Self.framesPerSecond, end: Double(last + 1) / Self.framesPerSecond,
                                       confidence: min(1, max(0, logmath_exp(logmath, posterior)))))
            }
            segment = ps_seg_next(current)
        }
        return RecognisedSpeech(words: words, duration: audio.duration)
    }

    /// A segment's word as a learner would write it: alternative pronunciations ("the(2)") lose
    /// their number; silences and noises ("<sil>", "[NOISE]", "++BREATH++") are dropped.
    static func word(_ raw: String) -> String? {
        if raw.hasPrefix("<") || raw.hasPrefix("[") || raw.hasPrefix("+") { return nil }
        let base = raw.split(separator: "(").first.map(String.init) ?? raw
        return base.isEmpty ? nil : base.lowercased()
    }
}
