import Content
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Practice
import Study
import Testing
import TestSupport
@testable import BandUpWeb

/// Flashcards and dictation through the whole web stack: a lesson's words become cards and are
/// reviewed (FSRS, once per showing, the due count falling), CSV in and out with hostile rows, a
/// card set chosen by the job queue and kept, dictation sessions, and one learner never reaching
/// another's decks, sets or sessions.
@Suite struct FlashcardsTests {
    static let lesson = """
        ---
        title: Words for the environment
        slug: environment-words
        skill: vocabulary
        level: 5.0-6.5
        topic: Environment
        summary: Words to write about the environment.
        minutes: 10
        vocabulary:
          - term: mitigate
            pos: verb
            definition: to make something bad less severe
            example: Trees mitigate the heat of the city.
        ---
        # Words for the environment

        Governments are trying to reduce emissions and protect biodiversity.

        ```vocab
        - term: emission
          pos: noun
          definition: gas sent into the air
        - term: biodiversity
          pos: noun
          definition: the variety of plants and animals in a place
        ```
        """

    static func importLesson(_ server: BandUpServer) async throws {
        _ = try await LessonLibrary(client: server.backends.postgres).importLesson(try Lesson.parse(Self.lesson, file: "e.md"), source: Self.lesson)
    }

    static func dueTotal(_ page: TestResponse) -> Int? {
        page.text.firstMatch(of: /data-due-total>(\d+)</).flatMap { Int($0.1) }
    }

    @Test func aLessonsWordsBecomeCardsThatAreReviewed() async throws {
        try await TestSite.withServer { client, server, _ in
            try await Self.importLesson(server)
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            let lessonPage = try await ana.get("/lessons/environment-words")
            #expect(lessonPage.text.contains("Add these 3 words to my flashcards"))
            let added = try await ana.post("/lessons/environment-words/flashcards")
            #expect(added.headers[.location] == "/lessons/environment-words")
            #expect(try await ana.follow(added).text.contains("Added 3 words to your deck “Lesson: Words for the environment”"))
            #expect(try await ana.follow(try await ana.post("/lessons/environment-words/flashcards")).text.contains("already has this lesson&#39;s words"))

            let overview = try await ana.get("/flashcards")
            #expect(overview.text.contains("Lesson: Words for the environment") && Self.dueTotal(overview) == 3)
            #expect(try await ana.get("/dashboard").text.contains("<span class=\"fact-value\" data-flashcards-due>3</span>"))

            // One card at a time: the word, then (reveal) its meaning and the four grades with their intervals.
            let front = try await ana.get("/flashcards/review")
            #expect(front.text.contains("<h1 class=\"card-term\">mitigate <span class=\"pos\">(verb)</span></h1>"))
            #expect(front.text.contains("<div class=\"card-back\" hidden>") && front.text.contains("<form method=\"post\" action=\"/flashcards/review/"))
            let back = try await ana.get("/flashcards/review?reveal=1")
            #expect(back.text.contains("to make something bad less severe") && !back.text.contains("<div class=\"card-back\" hidden>"))
            for (label, when) in [("Again", "1 min"), ("Hard", "6 min"), ("Good", "10 min")] {
                #expect(back.text.contains("\(label) <span class=\"grade-when\">\(when)</span>"), "\(label) \(when)")
            }
            let action = String(try #require(back.text.firstMatch(of: /action="(\/flashcards\/review\/\d+)"/)?.1))
            let graded = try await ana.post(action, [("rating", "3"), ("seen", "0")])
            #expect(graded.headers[.location] == "/flashcards/review")
            _ = try await ana.post(action, [("rating", "4"), ("seen", "0")])  // the same form again: ignored
            let cardID = try #require(Int64(action.split(separator: "/").last!))
            let anaID = try #require(try await Self.userID(server, "ana@example.com"))
            let card = try #require(try await Decks(client: server.backends.postgres).card(cardID, userID: anaID))
            #expect(card.reviews == 1 && card.schedule.state == .learning && card.schedule.step == 1)
            #expect(Self.dueTotal(try await ana.get("/flashcards")) == 2, "the graded card is not due for ten minutes")
            #expect(try await ana.get("/flashcards/review").text.contains("<h1 class=\"card-term\">emission"))
        }
    }

    static func userID(_ server: BandUpServer, _ email: String) async throws -> Int64? {
        for try await id in try await server.backends.postgres.query("SELECT id FROM users WHERE email = \(email)").decode(Int64.self) { return id }
        return nil
    }

    @Test func csvInAndOutWithHostileRows() async throws {
        try await TestSite.withServer { client, server, _ in
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            let csv = "term,definition,example\nmitigate,make less severe,=HYPERLINK(\"http://evil.example\")\n,no term,\nsustain,,\n@risk,+a danger,-1\n"
            let imported = try await ana.post("/flashcards/import", [("csv", csv), ("newDeck", "Imported")])
            let deckPath = try #require(imported.headers[.location])
            #expect(deckPath.hasPrefix("/flashcards/decks/"))
            let deck = try await ana.follow(imported)
            #expect(deck.text.contains("Imported 2 cards.") && deck.text.contains("2 rows were left out: line 3: no term; line 4: &#39;sustain&#39; has no definition."),
                    "\(deck.text.prefix(4000))")
            #expect(deck.text.contains("<strong>@risk</strong>"))
            let export = try await ana.get(deckPath + "/export")
            #expect(export.headers[.contentType] == "text/csv; charset=utf-8" && export.headers[.contentDisposition] == "attachment; filename=\"bandup-Imported.csv\"")
            #expect(export.text.contains("'@risk,'+a danger,'-1,,,\r\n") && export.text.contains("mitigate,make less severe,\"'=HYPERLINK(\"\"http://evil.example\"\")\""),
                    "\(export.text)")
            // A file that cannot be read says why, and nothing is imported.
            let broken = try await ana.follow(try await ana.post("/flashcards/import", [("csv", "term,definition\n\"open"), ("newDeck", "Broken")]))
            #expect(broken.text.contains("The CSV could not be read: line 2: a quoted field is never closed."))
        }
    }

    @Test func aCardSetIsChosenByTheQueueAndKept() async throws {
        try await TestSite.withServer(adjust: { $0.feedback.offlinePause = .zero }) { client, server, _ in
            try await Self.importLesson(server)
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            #expect(try await ana.get("/flashcards/generate").text.contains("<option value=\"environment-words\""))
            let requested = try await ana.post("/flashcards/generate", [("source", "lesson"), ("lesson", "environment-words")])
            let setPath = try #require(requested.headers[.location])
            #expect(setPath.hasPrefix("/flashcards/sets/"))
            var page = try await ana.follow(requested)
            for _ in 0..<300 where !page.text.contains("data-set-state=\"complete\"") {
                try await Task.sleep(for: .milliseconds(50))
                page = try await ana.get(setPath)
            }
            #expect(page.text.contains("data-set-state=\"complete\""), "\(page.text.prefix(3000))")
            #expect(page.text.contains("cards proposed by BandUp's offline generator"))
            for term in ["mitigate", "emission", "biodiversity"] { #expect(page.text.contains("<strong>\(term)</strong>"), "\(term)") }
            // The stream tells a page that comes late that the set is finished.
            let events = try await ana.get(setPath + "/events")
            #expect(events.text.contains("event: finished\ndata: {\"cards\":"))

            let kept = try await ana.post(setPath + "/keep", [("keep", "0"), ("keep", "2"), ("deck", ""), ("newDeck", "Chosen for me")])
            let deckPath = try #require(kept.headers[.location])
            let deck = try await ana.follow(kept)
            #expect(deck.text.contains("Kept 2 cards.") && deck.text.contains("<h1>Chosen for me</h1>"))
            #expect(deckPath.hasPrefix("/flashcards/decks/"))
            #expect(try await ana.get(setPath).text.contains("You have kept cards from this set."))
        }
    }

    @Test func dictationSessionsAreMarkedWordByWord() async throws {
        try await TestSite.withServer { client, server, _ in
            let sentences = (1...10).map { DictationSentence(id: "ferry-\($0)", level: .easy, text: "The ferry leaves at noon on day \($0).", source: "test") }
            _ = try await DictationSessions(client: server.backends.postgres).importSentences(sentences)
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            #expect(try await ana.get("/dictation").text.contains("Easy: short sentences, everyday words (10 sentences)"))
            let started = try await ana.post("/dictation/sessions", [("level", "easy")])
            let base = try #require(started.headers[.location])
            let first = try await ana.follow(started)
            #expect(first.text.contains("Sentence 1 of 10") && first.text.contains("data-dictation-audio") && first.text.contains("/media/audio/dictation/ferry-"))
            let number = String(try #require(first.text.firstMatch(of: /audio\/dictation\/ferry-(\d+)\.mp3/)?.1))
            let checked = try await ana.follow(try await ana.post(base + "/answers", [("position", "0"), ("typed", "the fery leaves noon on day \(number)"), ("plays", "2")]))
            #expect(checked.text.contains("<span class=\"word-misspelt\" title=\"misspelt\">fery → ferry</span>") && checked.text.contains("<del class=\"word-missing\" title=\"missing\">at</del>"),
                    "\(checked.text.prefix(3000))")
            #expect(checked.text.contains("1 missing") && checked.text.contains("1 misspelt") && checked.text.contains("played 2 times"))
            #expect(try await ana.post(base + "/answers", [("position", "1"), ("typed", "  ")]).status == .seeOther, "an empty answer is sent back")
            for position in 1..<10 {
                let page = try await ana.get(base)
                let heard = String(try #require(page.text.firstMatch(of: /audio\/dictation\/ferry-(\d+)\.mp3/)?.1))
                _ = try await ana.post(base + "/answers", [("position", String(position)), ("typed", "The ferry leaves at noon on day \(heard).")])
            }
            let summary = try await ana.get(base)
            // 6 of 8 words right and one misspelt (half) in the first, every word in the others: (0.8125 + 9) / 10.
            #expect(summary.text.contains("Session complete: 98%"), "\(summary.text.prefix(2000))")
            #expect(try await ana.get("/dashboard").text.contains("<td>Easy</td><td><meter min=\"0\" max=\"100\" value=\"98\"></meter> 98%</td>"))
        }
    }

    @Test func anotherLearnersFlashcardsAndSessionsAreNotFound() async throws {
        try await TestSite.withServer(adjust: { $0.feedback.offlinePause = .zero }) { client, server, _ in
            try await Self.importLesson(server)
            _ = try await DictationSessions(client: server.backends.postgres).importSentences([DictationSentence(id: "one", level: .easy, text: "It is late now.", source: "t")])
            let ana = Browser(client), bo = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            _ = try await bo.signUp(email: "bo@example.com", name: "Bo")
            _ = try await ana.post("/lessons/environment-words/flashcards")
            let deck = String(try #require(try await ana.get("/flashcards").text.firstMatch(of: /href="(\/flashcards\/decks\/\d+)"/)?.1))
            let set = try #require(try await ana.post("/flashcards/generate", [("source", "lesson"), ("lesson", "environment-words")]).headers[.location])
            let session = try #require(try await ana.post("/dictation/sessions", [("level", "easy")]).headers[.location])
            _ = try await bo.get("/flashcards")
            for path in [deck, deck + "/export", set, set + "/events", session] { #expect(try await bo.get(path).status == .notFound, "\(path)") }
            for path in [deck + "/cards", deck + "/rename", deck + "/delete", set + "/keep", set + "/retry", session + "/answers"] {
                #expect(try await bo.post(path, [("term", "x"), ("definition", "y"), ("name", "z"), ("keep", "0"), ("position", "0"), ("typed", "x")]).status == .notFound, "\(path)")
            }
            #expect(try await bo.get("/flashcards/review").text.contains("All done for now"), "Ana's cards are not Bo's to review")
            #expect(try await ana.get(deck).status == .ok)
        }
    }
}
