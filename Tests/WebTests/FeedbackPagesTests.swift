import AWSSigning
import Content
import Feedback
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
import Scorer
@testable import BandUpWeb

/// Writing and Speaking in the web layer: the prompt pages, autosave, sending an answer (stored
/// first, validated with the text kept), the answer page with bands and inline annotations,
/// recordings, one learner never reaching another's answer, and the paid providers against the
/// stand-ins end to end.
@Suite struct FeedbackPagesTests {
    static func importPrompts(_ server: BandUpServer, _ files: [String] = ["writing/working-from-home-debate", "writing/traffic-congestion-cities",
                                                                            "writing/commuting-to-work-northbridge", "speaking/describe-a-useful-app"]) async throws {
        let library = PromptLibrary(client: server.backends.postgres)
        for file in files {
            let path = TestSite.root + "/Content/prompts/\(file).md"
            let source = try String(contentsOfFile: path, encoding: .utf8)
            let skill = String(file.split(separator: "/")[0])
            _ = try await library.importPrompt(try TaskPrompt.parse(source, file: path, skill: skill), skill: skill, source: source)
        }
    }

    /// The answer's base path (`/answers/<id>`) from a task page.
    static func base(_ page: TestResponse) throws -> String {
        String(try #require(page.text.firstMatch(of: /data-attempt="(\/answers\/[0-9a-f-]{36})"/)?.1))
    }

    /// Polls the answer page until its feedback is in (at most 120 s: recordings are heard on the
    /// test process's one speech thread, which the speech tests running beside keep busy).
    static func waitForFeedback(_ browser: Browser, _ base: String) async throws -> TestResponse {
        for _ in 0..<2_400 {
            let page = try await browser.get(base)
            if page.text.contains("data-state=\"complete\"") || page.text.contains("data-state=\"failed\"") { return page }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("no feedback within 120 s")
        return try await browser.get(base)
    }

    static let essay = FeedbackFixture.essay

    @Test func anEssayGoesFromPromptToBandsAndInlineNotes() async throws {
        try await TestSite.withServer(adjust: { $0.feedback.offlinePause = .zero }) { client, server, _ in
            try await Self.importPrompts(server)
            let ana = Browser(client)
            let list = try await ana.get("/writing")
            #expect(list.status == .ok && list.text.contains("Working from home or in the office") && list.text.contains("Academic Writing Task 1"))
            #expect(try await ana.get("/writing/working-from-home-debate").status == .seeOther, "signing in comes first")
            _ = try await ana.signUp(email: "ana@example.com")

            let page = try await ana.get("/writing/traffic-congestion-cities")
            #expect(page.status == .ok && page.text.contains("data-timed=\"true\"") && page.text.contains("data-remaining=\"2400\"") && page.text.contains("data-minimum=\"250\""))
            let base = try Self.base(page)
            // The chart prompt draws its chart as SVG, with the data as a table too.
            let chart = try await ana.get("/writing/commuting-to-work-northbridge")
            #expect(chart.text.contains("<svg class=\"chart chart-") && chart.text.contains("<table class=\"chart-table"))
            #expect(chart.text.contains("data-remaining=\"1200\""), "Task 1 has 20 minutes")

            // Autosave (the page's script) and the form's "Save draft" both keep the text.
            let saved = try await ana.post(base + "/draft", [("answer", "First thoughts <b>bold</b>")], accept: "application/json")
            #expect(saved.status == .ok && saved.text.contains("\"saved\":true"))
            let again = try await ana.get("/writing/traffic-congestion-cities")
            #expect(try Self.base(again) == base, "one draft per prompt")
            #expect(again.text.contains("First thoughts &lt;b&gt;bold&lt;/b&gt;</textarea>"))
            // Practice mode is untimed and stays so on reload.
            _ = try await ana.get("/writing/traffic-congestion-cities?mode=practice")
            #expect(try await ana.get("/writing/traffic-congestion-cities").text.contains("data-timed=\"false\""))

            // An empty answer is refused with a clear message, nothing lost.
            let empty = try await ana.post(base + "/submit", [("answer", "   ")])
            #expect(empty.status == .seeOther && empty.headers[.location] == "/writing/traffic-congestion-cities")
            #expect(try await ana.follow(empty).text.contains("Write your answer in the box before sending it."))

            let sent = try await ana.post(base + "/submit", [("answer", Self.essay)])
            #expect(sent.status == .seeOther && sent.headers[.location] == base)
            let received = try await ana.follow(sent)
            #expect(received.text.contains("Received. Your feedback is being written."))
            let done = try await Self.waitForFeedback(ana, base)
            #expect(done.text.contains("data-state=\"complete\""))
            #expect(done.text.contains("Task Response") && done.text.contains("Coherence and Cohesion") && done.text.contains("Lexical Resource")
                    && done.text.contains("Grammatical Range and Accuracy"))
            #expect(done.text.contains("(estimate)") && done.text.contains("BandUp&#39;s offline analyser") || done.text.contains("BandUp's offline analyser"))
            #expect(done.text.contains("<mark class=\"annotated\""), "sentences are marked in the essay")
            let figures = try #require(ScorerModel.bundled?.accuracy(for: .task2))
            #expect(done.text.contains("On \(figures.essays) rated Task 2 essays it had not seen"), "the page quotes the measured figures")
            #expect(done.text.contains("This are an important benefit"))
            #expect(!done.text.contains("data-events="), "a finished answer renders from PostgreSQL with no stream")
            // Sending again changes nothing; the events endpoint tells a stale page it is done.
            #expect(try await ana.post(base + "/submit", [("answer", "x")]).headers[.location] == base)
            let events = try await ana.get(base + "/events")
            #expect(events.headers[.contentType] == "text/event-stream" && events.text.contains("event: complete"))
            let history = try await ana.get("/answers")
            #expect(history.text.contains("Traffic congestion in cities") && history.text.contains("assessed"))
            // The dashboard's Writing band is this Task 2's band (no Task 1 yet), marked as an estimate.
            let band = String(try #require(done.text.firstMatch(of: /data-band>([0-9.]+)</)?.1))
            let dashboard = try await ana.get("/dashboard")
            #expect(dashboard.text.contains("<span class=\"band-value\">\(band)</span> latest (estimate) · best \(band) · 1 answer"), "\(band)")
            #expect(dashboard.text.contains("Send a speaking answer for feedback to get a band."))

            // The same essay sent to a prompt about something else gets no band, and says why.
            let elsewhere = try Self.base(try await ana.get("/writing/working-from-home-debate"))
            _ = try await ana.post(elsewhere + "/submit", [("answer", Self.essay)])
            let refused = try await Self.waitForFeedback(ana, elsewhere)
            #expect(refused.text.contains("data-refused") && refused.text.contains("No band for this answer"))
            #expect(refused.text.contains("not seem to be about the task") && refused.text.firstMatch(of: /data-band>/) == nil, "no band is shown")
            #expect(try await ana.get("/dashboard").text.contains("<span class=\"band-value\">\(band)</span> latest (estimate)"), "the refused answer leaves the band alone")

            // Another learner finds nothing.
            let ben = Browser(client)
            _ = try await ben.signUp(email: "ben@example.com")
            #expect(try await ben.get(base).status == .notFound)
            #expect(try await ben.get(base + "/events").status == .notFound)
            #expect(try await ben.post(base + "/submit", [("answer", "mine")]).status == .notFound)
        }
    }

    @Test func aSpeakingAnswerTakesARecordingAndATranscript() async throws {
        try await TestSite.withServer(adjust: { $0.feedback.offlinePause = .zero }) { client, server, _ in
            try await Self.importPrompts(server)
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            let page = try await ana.get("/speaking/describe-a-useful-app")
            #expect(page.status == .ok && page.text.contains("Describe a website or app that you use often.") && page.text.contains("data-part=\"2\""))
            let base = try Self.base(page)

            let wrongType = try await ana.upload(base + "/recording", bytes: Array(repeating: 0, count: 200), contentType: "application/pdf")
            #expect(wrongType.status == .unsupportedMediaType && wrongType.text.contains("WebM, Ogg, MP4, MP3 or WAV"))
            let notAudio = try await ana.upload(base + "/recording", bytes: Array(repeating: 0x41, count: 200), contentType: "audio/webm")
            #expect(notAudio.status == .unsupportedMediaType)
            // A first take, recorded again a moment later: the first is deleted from storage.
            let firstTake: [UInt8] = [0x1A, 0x45, 0xDF, 0xA3] + Array(repeating: 0x41, count: 2_000)
            #expect(try await ana.upload(base + "/recording?seconds=80", bytes: firstTake, contentType: "audio/webm").status == .ok)
            let firstKey = try await server.backends.postgres.query("SELECT audio_key FROM feedback_attempts WHERE audio_key IS NOT NULL")
                .decode(String.self).reduce("") { $1 }
            #expect(try await server.storage.exists(firstKey))
            try await Task.sleep(for: .milliseconds(1_100))  // keys carry the second they were stored
            let recording: [UInt8] = [0x1A, 0x45, 0xDF, 0xA3] + Array(repeating: 0x42, count: 2_000)
            let uploaded = try await ana.upload(base + "/recording?seconds=95", bytes: recording, contentType: "audio/webm;codecs=opus")
            #expect(uploaded.status == .ok && uploaded.text.contains("\"saved\":true"))
            #expect(try await server.storage.exists(firstKey) == false, "the replaced take is gone")
            let back = try await ana.get(base + "/recording")
            #expect(back.status == .ok && Array(buffer: back.body) == recording && back.headers[.contentType] == "audio/webm")

            // (A recording alone is listened to: SpeakingRecordingTests. This one cannot be decoded, so
            // the typed transcript is assessed without the recording's timings.)
            let transcript = "Well, um, the app I use most is a map app called Citymapper. I found out about it from a friend, you know, when I moved to London. " +
                "I use it, I use it every day to plan my journeys, because it shows buses, trains and even bicycles. I think it saves me a lot of time."
            let sent = try await ana.post(base + "/submit", [("answer", transcript), ("seconds", "95")])
            #expect(sent.headers[.location] == base)
            let done = try await Self.waitForFeedback(ana, base)
            #expect(done.text.contains("Fluency and Coherence") && done.text.contains("Pronunciation"))
            #expect(done.text.contains("not assessed"), "the offline analyser cannot hear pronunciation")
            #expect(done.text.contains("Words per minute") && done.text.contains("Fillers"))
            #expect(done.text.contains("<audio controls preload=\"none\" src=\"\(base)/recording\""))
            #expect(try await ana.upload(base + "/recording", bytes: recording, contentType: "audio/webm").status == .conflict, "a sent answer's recording stays")
        }
    }

    @Test(arguments: ["gemini", "bedrock"]) func aPaidExaminerAssessesThroughItsRealWireFormat(_ name: String) async throws {
        let standIns = try AIStandIns.start()
        try await TestSite.withServer(adjust: { settings in
            settings.feedback.offlinePause = .zero
            if name == "gemini" {
                settings.feedback.providers = [.gemini, .offline]
                settings.feedback.gemini = .init(apiKey: "test-key", baseURL: standIns.endpoint.absoluteString)
            } else {
                settings.feedback.providers = [.bedrock, .offline]
                settings.feedback.bedrock = .init(region: "eu-west-2", endpoint: standIns.endpoint.absoluteString,
                                                  credentials: AWSCredentials(accessKeyID: AIStandIns.accessKeyID, secretAccessKey: AIStandIns.secretAccessKey))
            }
        }) { client, server, _ in
            try await Self.importPrompts(server)
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            let base = try Self.base(try await ana.get("/writing/working-from-home-debate"))
            _ = try await ana.post(base + "/submit", [("answer", Self.essay)])
            let done = try await Self.waitForFeedback(ana, base)
            #expect(done.text.contains("Assessed by \(name == "gemini" ? "Gemini" : "Amazon Bedrock")."), "\(done.text.prefix(3000))")
            #expect(!done.text.contains("(estimate)"))
            #expect(done.text.contains("A clear position throughout."))
            #expect(done.text.contains("<mark class=\"annotated\""), "the stand-in quotes the essay's first sentence")
            #expect(!done.text.contains("does not appear in the learner"), "an invented quotation is dropped")
            let id = try #require(UUID(uuidString: String(base.dropFirst("/answers/".count))))
            let rows = try await server.backends.postgres.query("SELECT provider, input_tokens, total_ms FROM feedback_attempts WHERE id = \(id)")
                .decode((String, Int?, Int).self)
            var stored: (String, Int?, Int)?
            for try await row in rows { stored = row }
            #expect(stored?.0 == name && stored?.1 != nil && (stored?.2 ?? -1) >= 0, "provider, token usage and latency are recorded")
        }
    }
}
