import API
import Auth
import Content
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
@testable import BandUpWeb

/// The API's operations end to end: the routes are exactly the contract's; a replayed POST makes
/// one job; bad input gets a clear problem and stores nothing; the feedback stream reconnects with
/// Last-Event-ID; cursors page, ETags answer 304; a recording travels in a form; editors publish.
@Suite struct APIOperationsTests {
    @Test func theRoutesAreExactlyTheContractsOperations() async throws {
        try await TestSite.withServer { _, server, _ in
            let served = Set(try server.router().routes.filter { $0.path.description.hasPrefix("/api/") && $0.method != .head }
                .map { "\($0.method.rawValue) \($0.path.description)" })
            let described = Set(server.contract.operations.map { "\($0.method) \($0.path)" })
            #expect(!described.isEmpty && served == described, "served only: \(served.subtracting(described)); described only: \(described.subtracting(served))")
            let router = Router(context: WebContext.self)
            let endpoints = APIEndpoints(contract: server.contract, backends: server.backends,
                                         limits: APIRateLimits(backends: server.backends, perToken: 1, perAddress: 1), typeBase: "")
            #expect(throws: ContractError.self, "an operation without a handler stops the start") { try endpoints.register(["getMe": { _ in Response(status: .ok) }], on: router) }
            var handlers: [String: APIHandler] = [:]
            for operation in server.contract.operations { handlers[operation.id] = { _ in Response(status: .ok) } }
            handlers["deleteEverything"] = { _ in Response(status: .ok) }
            #expect(throws: ContractError.self, "a handler the contract lacks stops the start") { try endpoints.register(handlers, on: router) }
            for operation in server.contract.operations {
                #expect(operation.scopes.map { $0.allSatisfy { TokenScope(rawValue: $0) != nil } } ?? true, "\(operation.id) names real scopes")
            }
        }
    }

    @Test func aReplayedPostMakesOneJobAndAnotherBodyIsRefused() async throws {
        try await TestSite.withServer(adjust: { $0.feedback.offlinePause = .zero }) { client, server, _ in
            try await FeedbackPagesTests.importPrompts(server, ["writing/traffic-congestion-cities"])
            let api = try await APIClient.make(client, server)
            let body: JSONValue = ["prompt": "traffic-congestion-cities", "answer": .string(FeedbackFixture.essay)]
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "essay-\(UUID())"]
            let first = try await api.post("/api/v1/answers", body, headers: key)
            #expect(first.status == .accepted && first.headers[.location]?.hasPrefix("/api/v1/answers/") == true, "\(first.text)")
            let again = try await api.post("/api/v1/answers", body, headers: key)
            #expect(again.status == .accepted && again.json["id"] == first.json["id"] && again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let other = try await api.post("/api/v1/answers", ["prompt": "traffic-congestion-cities", "answer": "Another essay entirely."], headers: key)
            #expect(other.status == .unprocessableContent && other.problemKind == "idempotency-key-reused")
            let rows = try await server.backends.postgres.query("SELECT count(*)::int FROM feedback_attempts WHERE user_id = \(api.userID)").decode(Int.self).reduce(0) { $1 }
            #expect(rows == 1, "one answer stored, one job")
            // Without a key, a second POST is a second answer.
            #expect(try await api.post("/api/v1/answers", body).status == .accepted)
            // The same key from another learner is theirs alone.
            #expect(try await APIClient.make(client, server).post("/api/v1/answers", body, headers: key).headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
        }
    }

    @Test func badInputGetsAClearProblemAndStoresNothing() async throws {
        try await TestSite.withServer { client, server, _ in
            try await FeedbackPagesTests.importPrompts(server, ["writing/traffic-congestion-cities"])
            let api = try await APIClient.make(client, server)
            func stored() async throws -> Int {
                try await server.backends.postgres.query("SELECT count(*)::int FROM feedback_attempts").decode(Int.self).reduce(0) { $1 }
            }
            let cases: [(String, [UInt8], String, HTTPResponse.Status, String, String)] = [
                ("malformed JSON", Array("{\"prompt\": \"traffic-congestion-cities\",\n \"answer\": }".utf8), "application/json", .badRequest, "malformed-json", "line 2, column 12"),
                ("a wrong type", Array("{\"prompt\": 42, \"answer\": \"An essay.\"}".utf8), "application/json", .badRequest, "validation", "/prompt"),
                ("an unknown field", Array("{\"prompt\": \"traffic-congestion-cities\", \"answer\": \"x\", \"band\": 9}".utf8), "application/json", .badRequest, "validation", "/band"),
                ("invalid UTF-8", [0x7B, 0x22, 0x70, 0x72, 0x6F, 0x6D, 0x70, 0x74, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D], "application/json", .badRequest, "malformed-json", "UTF-8"),
                ("10 MB", Array(repeating: 0x20, count: 10 * 1024 * 1024), "application/json", .contentTooLarge, "too-large", "larger than"),
                ("not JSON at all", Array("prompt=x&answer=y".utf8), "application/x-www-form-urlencoded", .unsupportedMediaType, "unsupported-media-type", "application/json"),
                ("a NUL in the text", Array("{\"prompt\": \"traffic-congestion-cities\", \"answer\": \"an\\u0000essay\"}".utf8), "application/json", .badRequest, "validation", "/answer"),
                ("an empty essay", Array("{\"prompt\": \"traffic-congestion-cities\", \"answer\": \"\"}".utf8), "application/json", .badRequest, "validation", "/answer"),
                ("an unknown prompt", Array("{\"prompt\": \"no-such-prompt\", \"answer\": \"An essay.\"}".utf8), "application/json", .notFound, "not-found", "no prompt"),
            ]
            for (name, body, type, status, kind, words) in cases {
                let response = try await api.request(.post, "/api/v1/answers", body: body, contentType: type)
                #expect(response.status == status && response.problemKind == kind, "\(name): \(response.status) \(response.text.prefix(300))")
                #expect(response.headers[.contentType] == "application/problem+json", "\(name)")
                #expect(response.text.contains(words), "\(name): \(response.text.prefix(400))")
                #expect(!response.text.contains("Error(") && !response.text.contains(".swift"), "\(name): no internals")
            }
            #expect(try await stored() == 0, "nothing stored half-way")
            let deep = try await api.get("/api/v1/lessons?limit=500&band=4.2")
            #expect(deep.status == .badRequest && deep.json["errors"]?.array?.count == 2, "every parameter's problem at once: \(deep.text)")
        }
    }

    @Test func feedbackStreamsOverTheAPIAndResumesFromLastEventID() async throws {
        try await TestSite.withServer(.live, adjust: { $0.feedback.offlinePause = .milliseconds(60) }) { client, server, _ in
            try await FeedbackPagesTests.importPrompts(server, ["writing/traffic-congestion-cities"])
            let api = try await APIClient.make(client, server)
            let sent = try await api.post("/api/v1/answers", ["prompt": "traffic-congestion-cities", "answer": .string(FeedbackFixture.essay)])
            let id = try #require(sent.json["id"]?.string.flatMap(UUID.init(uuidString:)))
            let stream = EventStreamClient(url: "http://127.0.0.1:\(try #require(client.port))/api/v1/answers/\(id.uuidString.lowercased())/events",
                                           cookie: "", authorization: "Bearer \(api.token)")
            let seen = try await stream.readToTheEnd(dropAfter: 3)
            #expect(seen.filter { $0.name == "text" }.count > 3, "more text came after the reconnection")
            try await FeedbackStreamTests.expectNothingLostOrRepeated(seen, id: id, server: server)
            let done = try await api.get("/api/v1/answers/\(id.uuidString.lowercased())")
            #expect(done.json["state"] == "complete" && done.json["result"]?["band"]?.number != nil && done.json["result"]?["low"]?.number != nil)
            #expect(done.json["result"]?["accuracy"]?.string?.contains("times in 10") == true, "how far to trust the band")
        }
    }

    @Test func cursorsPageAndETagsAnswerNotModified() async throws {
        try await TestSite.withServer { client, server, _ in
            let library = LessonLibrary(client: server.backends.postgres)
            let folder = TestSite.root + "/Content/lessons"
            for skill in try FileManager.default.contentsOfDirectory(atPath: folder) {
                for file in try FileManager.default.contentsOfDirectory(atPath: "\(folder)/\(skill)") where file.hasSuffix(".md") {
                    let source = try String(contentsOfFile: "\(folder)/\(skill)/\(file)", encoding: .utf8)
                    _ = try await library.importLesson(try Lesson.parse(source, file: file), source: source)
                }
            }
            let api = try await APIClient.make(client, server)
            var slugs: [String] = [], cursor: String? = nil, pages = 0
            repeat {
                let page = try await api.get("/api/v1/lessons?limit=5" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.status == .ok)
                slugs += page.json["lessons"]?.array?.compactMap { $0["slug"]?.string } ?? []
                cursor = page.json["nextCursor"]?.string
                pages += 1
            } while cursor != nil && pages < 20
            let total = try await api.get("/api/v1/lessons?limit=50").json["total"]?.int ?? 0
            #expect(slugs.count == Int(total) && Set(slugs).count == slugs.count && total > 5, "every lesson once over \(pages) pages")
            let search = try await api.get("/api/v1/lessons?q=paraphrase+synonyms")
            #expect((search.json["total"]?.int ?? 0) >= 1, "a search with '+' for a space finds lessons: \(search.text.prefix(200))")

            let lesson = try await api.get("/api/v1/lessons/\(slugs[0])")
            let tag = try #require(lesson.headers[.eTag])
            #expect(lesson.json["html"]?.string?.isEmpty == false && lesson.json["questionGroups"]?.array != nil)
            let again = try await api.get("/api/v1/lessons/\(slugs[0])", headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified && again.body.readableBytes == 0 && again.headers[.eTag] == tag)
            #expect(try await api.get("/api/v1/lessons/\(slugs[0])", headers: [.ifNoneMatch: "\"stale\""]).status == .ok)
        }
    }

    /// A small valid lesson to publish.
    static let lesson = """
        ---
        title: Linking words for contrast
        slug: linking-words-contrast
        skill: writing
        level: 5.0-6.5
        topic: Writing Task 2
        summary: However, although and whereas, and where each goes in a sentence.
        minutes: 10
        ---
        Use **however** between sentences and **although** inside one.
        """

    @Test func anEditorPublishesALessonAndALearnerCannot() async throws {
        try await TestSite.withServer { client, server, _ in
            let editor = try await APIClient.make(client, server, role: .editor, scopes: [.read, .contentWrite])
            let learner = try await APIClient.make(client, server, scopes: [.read])
            let markdown = Self.lesson
            let created = try await editor.request(.put, "/api/v1/lessons/linking-words-contrast", json: ["markdown": .string(markdown)])
            #expect(created.status == .created && created.json["revision"] == 1 && created.json["published"] == true, "\(created.text)")
            #expect(try await learner.get("/api/v1/lessons/linking-words-contrast").json["title"] == "Linking words for contrast")
            let revised = try await editor.request(.put, "/api/v1/lessons/linking-words-contrast",
                                                   json: ["markdown": .string(markdown + "\nAnd **whereas** for a contrast between two facts."), "baseRevision": 1])
            #expect(revised.status == .ok && revised.json["revision"] == 2)
            let stale = try await editor.request(.put, "/api/v1/lessons/linking-words-contrast", json: ["markdown": .string(markdown), "baseRevision": 1])
            #expect(stale.status == .conflict && stale.problemKind == "conflict")
            let broken = try await editor.request(.put, "/api/v1/lessons/linking-words-contrast", json: ["markdown": "---\ntitle: No end"])
            #expect(broken.status == .unprocessableContent && broken.problemKind == "unprocessable" && broken.json["errors"]?.array?.isEmpty == false)
            let wrongSlug = try await editor.request(.put, "/api/v1/lessons/another-slug", json: ["markdown": .string(markdown)])
            #expect(wrongSlug.status == .unprocessableContent)
            #expect(try await learner.request(.put, "/api/v1/lessons/linking-words-contrast", json: ["markdown": .string(markdown)]).problemKind == "insufficient-scope")
            // A learner's account cannot hold content:write, even if a row said so.
            try await server.backends.postgres.query("UPDATE access_tokens SET scopes = '{read,content:write}' WHERE user_id = \(learner.userID)")
            #expect(try await learner.request(.put, "/api/v1/lessons/linking-words-contrast", json: ["markdown": .string(markdown)]).problemKind == "forbidden")
        }
    }

    @Test func aRecordingTravelsInAFormAndIsHeard() async throws {
        try await TestSite.withServer(adjust: { $0.feedback.offlinePause = .zero; $0.api.tokenRequestsPerMinute = 100_000 }) { client, server, _ in
            try await FeedbackPagesTests.importPrompts(server, ["speaking/describe-a-park-or-garden"])
            let api = try await APIClient.make(client, server)
            let audio = Array(try Data(contentsOf: SpeakingRecordingTests.recording))
            let boundary = "bandup-\(UUID().uuidString)"
            var form = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\ndescribe-a-park-or-garden\r\n".utf8)
            form += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"seconds\"\r\n\r\n17\r\n".utf8)
            form += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"recording\"; filename=\"answer.webm\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            form += audio + Array("\r\n--\(boundary)--\r\n".utf8)
            let sent = try await api.request(.post, "/api/v1/answers", body: form, contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(sent.status == .accepted, "\(sent.text)")
            let id = try #require(sent.json["id"]?.string)
            var answer = try await api.get("/api/v1/answers/\(id)")
            // Recordings are heard on the test process's one speech thread, which other tests share.
            for _ in 0..<480 where answer.json["state"] == "queued" {
                try await Task.sleep(for: .milliseconds(250))
                answer = try await api.get("/api/v1/answers/\(id)")
            }
            #expect(answer.json["state"] == "complete", "\(answer.text.prefix(500))")
            #expect(answer.json["result"]?["accuracy"]?.string?.contains("rough guide") == true)
            let broken = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\ndescribe-a-park-or-garden\r\n".utf8)
            #expect(try await api.request(.post, "/api/v1/answers", body: broken, contentType: "multipart/form-data; boundary=\(boundary)").status == .badRequest)
        }
    }
}
