import Foundation
import Testing
import HummingbirdTesting
import TestSupport
@testable import BandUpWeb

/// A Speaking answer sent as a recording alone: BandUp's offline recogniser hears it (ffmpeg and
/// PocketSphinx, for real), times its pauses, shows what it heard with the unsure words marked,
/// and the learner corrects the transcript and has it assessed again.
@Suite struct SpeakingRecordingTests {
    /// Festival's voice saying a Part 2 answer with a 1.5 s pause after "because" (scripts/generate-speech-samples).
    static let recording = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SpeechTests/Fixtures/park-answer.webm")

    static func start(_ client: any TestClientProtocol, _ server: BandUpServer) async throws -> (Browser, String) {
        try await FeedbackPagesTests.importPrompts(server, ["speaking/describe-a-park-or-garden"])
        let ana = Browser(client)
        _ = try await ana.signUp(email: "ana@example.com")
        let page = try await ana.get("/speaking/describe-a-park-or-garden")
        #expect(page.text.contains("BandUp writes down what it hears") && page.text.contains("(optional with a recording)"))
        return (ana, try FeedbackPagesTests.base(page))
    }

    @Test func aRecordingAloneIsHeardTimedAndCorrectable() async throws {
        try await TestSite.withServer(adjust: { $0.feedback.offlinePause = .zero }) { client, server, _ in
            let (ana, base) = try await Self.start(client, server)
            let bytes = Array(try Data(contentsOf: Self.recording))
            #expect(try await ana.upload(base + "/recording?seconds=20", bytes: bytes, contentType: "audio/webm;codecs=opus").status == .ok)
            let sent = try await ana.post(base + "/submit", [("answer", "")])
            #expect(sent.headers[.location] == base, "a recording alone is enough")
            let done = try await FeedbackPagesTests.waitForFeedback(ana, base)
            #expect(done.text.contains("data-state=\"complete\""), "\(done.text.prefix(4000))")
            #expect(done.text.contains("What BandUp heard in your recording") && done.text.contains("You typed no transcript"))
            #expect(done.text.contains("talk about a park near my home") && done.text.contains("forget about work"), "the words it heard")
            #expect(done.text.contains("words in 100 wrong"), "how far to trust the recogniser")
            #expect(done.text.contains("Pauses of a second or more") && done.text.contains("Words between pauses (mean)"))
            #expect(done.text.contains("after &#39;because&#39; at 0:1"), "the long pause and where it fell")
            #expect(done.text.contains("Fluency and Coherence") && done.text.contains("(estimate)"))
            #expect(done.text.contains("Correct what it misheard"))

            let script = try String(contentsOf: Self.recording.deletingPathExtension().appendingPathExtension("txt"), encoding: .utf8)
            #expect(try await ana.post(base + "/transcript", [("answer", "  ")]).headers[.location] == base, "an empty correction changes nothing")
            let corrected = try await ana.post(base + "/transcript", [("answer", script)])
            let next = try #require(corrected.headers[.location])
            #expect(next != base && next.hasPrefix("/answers/"))
            let again = try await FeedbackPagesTests.waitForFeedback(ana, next)
            #expect(again.text.contains("data-state=\"complete\"") && again.text.contains("many old trees"))
            #expect(again.text.contains("The feedback read the transcript you typed") && !again.text.contains("Correct what it misheard"))
            #expect(again.text.contains("Pauses of a second or more"), "the same recording still times the pauses")
            #expect(try await ana.get(base).text.contains("You typed no transcript"), "the first answer is kept as it was")
            let history = try await ana.get("/answers")
            #expect(history.text.contains(base) && history.text.contains(next), "both answers are in the learner's history")
        }
    }

    @Test func aRecordingItCannotHearWithNoTranscriptFailsAndSaysWhy() async throws {
        try await TestSite.withServer(adjust: { $0.feedback.offlinePause = .zero }) { client, server, _ in
            let (ana, base) = try await Self.start(client, server)
            let damaged: [UInt8] = [0x1A, 0x45, 0xDF, 0xA3] + Array(repeating: 0x42, count: 2_000)
            #expect(try await ana.upload(base + "/recording?seconds=30", bytes: damaged, contentType: "audio/webm").status == .ok)
            _ = try await ana.post(base + "/submit", [("answer", "")])
            let done = try await FeedbackPagesTests.waitForFeedback(ana, base)
            #expect(done.text.contains("data-state=\"failed\"") && done.text.contains("could not listen to the recording"), "\(done.text.prefix(3000))")
            #expect(done.text.contains("type what you said"))
        }
    }
}
