import Feedback
import Foundation
import Hummingbird
import Practice

/// What the pages and the API share when a learner sends an answer: whether a paid provider may
/// assess it (the daily quota) and whether the queue is deep, why an answer cannot be sent, and
/// a recording checked and stored.
extension FeedbackRuntime {
    /// How an answer will be assessed, and what the learner should be told about it.
    struct Admission: Sendable {
        var paidAllowed = true
        var delayed = false
        /// Said to the learner with the answer: (is it a warning, the words).
        var notes: [(warning: Bool, text: String)] = []
    }

    /// The daily quota of paid assessments (when a paid provider is configured) and the queue's depth.
    func admission(userID: Int64, now: Date, backends: Backends) async throws -> Admission {
        var admission = Admission()
        let attempts = self.attempts, settings = self.settings
        if settings.providers.contains(where: { $0.isPaid }) {
            let since = Calendar(identifier: .gregorian).startOfDay(for: now)
            let used = try await backends.database { _ in try await attempts.paidSubmissions(userID: userID, since: since) }
            admission.paidAllowed = used < settings.dailyPaidLimit
            if !admission.paidAllowed {
                admission.notes.append((false, "You have used today's \(settings.dailyPaidLimit) examiner assessments, so BandUp's offline analyser gives this one (an estimate). More tomorrow."))
            }
        }
        let depth = (try? await backends.cache { _ in try await self.queue.depth() }) ?? 0
        admission.delayed = depth >= settings.queueLimit
        if admission.delayed {
            admission.notes.append((true, "Many answers are waiting for feedback, so yours may take a few minutes. It is saved: you can close this page and come back."))
        }
        return admission
    }

    /// The longest answer BandUp takes (about 4,000 words).
    static let maximumCharacters = 24_000

    /// Why the answer cannot be sent yet, in words for the learner; nil when it can. A recording
    /// alone is enough only when the examiner that would assess it hears audio.
    func refusal(answer: String, seconds: Double?, task: FeedbackTask, hasRecording: Bool, paidAllowed: Bool) -> String? {
        if answer.count > Self.maximumCharacters {
            return "That is longer than BandUp takes (\(Self.maximumCharacters) characters). Your text is kept in the box: shorten it and send it again."
        }
        if task.isWriting {
            return answer.isEmpty ? "Write your answer in the box before sending it." : nil
        }
        if let seconds, !(1...900).contains(seconds) { return "How long you spoke is a number of seconds from 1 to 900." }
        if answer.isEmpty && !(hasRecording && (listens || hearsAudio && paidAllowed)) {
            return hasRecording
                ? "Type what you said as well: BandUp's analyser reads your words, and your recording is kept for you to listen back."
                : "Record your answer or type what you said, then send it."
        }
        return nil
    }

    /// Checks that `bytes` are a recording of the type declared (WebM, Ogg, MP4, MP3 or WAV, within
    /// its size) and stores it for answer `id`; its storage key and type.
    /// An undeclared type (`application/octet-stream`, or none) is told from the bytes.
    func storeRecording(_ bytes: [UInt8], declared: String, answer id: UUID, now: Date) async throws -> (key: String, type: String) {
        let sniffed = declared.isEmpty || declared == "application/octet-stream"
            ? UploadKind.recordings.values.first { $0.matches(Array(bytes.prefix(16))) } : nil
        guard let kind = sniffed ?? UploadKind.recordings[declared] else {
            throw HTTPError(.unsupportedMediaType, message: "BandUp takes recordings as WebM, Ogg, MP4, MP3 or WAV audio, not '\(declared.isEmpty ? "an unknown type" : declared)'.")
        }
        guard bytes.count <= kind.limit else {
            throw HTTPError(.contentTooLarge, message: "The recording is larger than \(kind.limit / UploadKind.megabyte) MB. Record a shorter answer.")
        }
        guard bytes.count > 64, kind.matches(Array(bytes.prefix(16))) else {
            throw HTTPError(.unsupportedMediaType, message: "That does not look like a \(kind.fileExtension.uppercased()) recording. Record your answer again.")
        }
        let key = "recordings/\(id.uuidString.lowercased())-\(Int(now.timeIntervalSince1970)).\(kind.fileExtension)"
        try await storage.put(key, bytes: bytes, contentType: kind.contentType, limit: kind.limit)
        return (key, kind.contentType)
    }
}
