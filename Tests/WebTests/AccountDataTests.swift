import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
@testable import BandUpWeb

/// "Download my data": a ZIP (read back by Python's zipfile) with the learner's rows as JSON,
/// secrets left out, and their recordings; nobody else's.
@Suite struct AccountDataTests {
    @Test func aLearnerDownloadsEverythingOfTheirsAndNothingElse() async throws {
        try await TestSite.withServer { client, server, _ in
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            _ = try await Browser(client).signUp(email: "bo@example.com", name: "Bo")
            // Ana's rows: a deck with a card, and a recording stored under one of her answers.
            let postgres = server.backends.postgres
            try await postgres.query("INSERT INTO decks (user_id, name) SELECT id, 'Ana''s words' FROM users WHERE email = 'ana@example.com'")
            try await postgres.query("""
                INSERT INTO cards (deck_id, user_id, term, definition, due)
                SELECT d.id, d.user_id, 'mitigate', 'to make less severe', now() FROM decks d WHERE d.name = 'Ana''s words'
                """)
            let recording: [UInt8] = Array("OggS fake recording bytes".utf8) + (0..<200).map { UInt8($0) }
            try await server.storage.put("recordings/ana-answer.ogg", bytes: recording, contentType: "audio/ogg", limit: 1 << 20)
            try await postgres.query("""
                INSERT INTO task_prompts (slug, skill, task, title, topic, source, checksum)
                VALUES ('describe-a-park-or-garden', 'speaking', 'speaking-2', 'A park', 'places', '', '')
                """)
            try await postgres.query("""
                INSERT INTO feedback_attempts (id, user_id, prompt_slug, task, prompt_title, prompt_text, mode, state, answer, audio_key, audio_type)
                SELECT gen_random_uuid(), id, 'describe-a-park-or-garden', 'speaking-2', 'A park', 'Describe a park', 'practice', 'draft', '',
                       'recordings/ana-answer.ogg', 'audio/ogg' FROM users WHERE email = 'ana@example.com'
                """)

            #expect(try await ana.get("/account").text.contains("href=\"/account/data.zip\""))
            let download = try await ana.get("/account/data.zip")
            #expect(download.status == .ok && download.headers[.contentType] == "application/zip" && download.headers[.cacheControl] == "no-store")
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"bandup-data-") == true)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("data-\(UUID().uuidString).zip")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(buffer: download.body).write(to: file)
            let read = try ChildProcess.run("/usr/bin/env", ["python3", "-c", """
                import json, sys, zipfile
                archive = zipfile.ZipFile(sys.argv[1])
                assert archive.testzip() is None
                data = json.loads(archive.read("bandup-data.json"))
                print("names", sorted(archive.namelist()))
                print("account", data["account"]["email"], "password_hash" in data["account"])
                print("cards", [card["term"] for card in data["cards"]])
                print("events", [event["kind"] for event in data["security_events"]])
                print("verifications", [sorted(v) for v in data["email_verifications"]])
                print("recording", archive.read("recordings/recordings-ana-answer.ogg")[:4])
                """, file.path])
            #expect(read.status == 0, "\(read.output)")
            #expect(read.output.contains("names ['bandup-data.json', 'recordings/recordings-ana-answer.ogg']"), "\(read.output)")
            #expect(read.output.contains("account ana@example.com False"), "no password hash: \(read.output)")
            #expect(read.output.contains("cards ['mitigate']"))
            #expect(read.output.contains("recording b'OggS'"))
            #expect(!read.output.contains("token_hash"), "no link hashes: \(read.output)")
            #expect(!read.output.contains("bo@example.com"), "nothing of Bo's")
            #expect(try await ana.get("/account").text.contains("data-event=\"data-downloaded\""))
            #expect(try await Browser(client).get("/account/data.zip").status == .seeOther, "signed-in learners only")
        }
    }
}
