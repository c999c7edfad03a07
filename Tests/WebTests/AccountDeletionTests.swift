import API
import Auth
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Redis
import Testing
import TestSupport
@testable import BandUpWeb

/// "Delete my account": asked for with the password and DELETE, every device signed out at once,
/// kept by signing in and cancelling during the grace period; afterwards nothing of the learner
/// is left in PostgreSQL, Redis or storage, and nobody else's data is touched.
@Suite struct AccountDeletionTests {
    static let password = "correct horse battery"

    @Test func aWrongPasswordOrNoDELETEChangesNothing() async throws {
        try await TestSite.withServer { client, server, _ in
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            let id = try await Self.id(server, "ana@example.com")
            let page = try await ana.get("/account/delete")
            #expect(page.status == .ok && page.text.contains("action=\"/account/delete\"") && page.text.contains("7 days"))
            #expect(!page.text.contains("data-deletion-due"), "nothing asked yet")
            let cases: [([(String, String)], [String])] = [
                ([("deletePassword", "not my password"), ("deleteConfirmation", "DELETE")], ["That is not your password."]),
                ([("deletePassword", Self.password), ("deleteConfirmation", "")], ["Type DELETE in this box to confirm."]),
                ([("deletePassword", Self.password), ("deleteConfirmation", "delete it")], ["Type DELETE in this box to confirm."]),
                ([], ["That is not your password.", "Type DELETE in this box to confirm."]),
            ]
            for (fields, messages) in cases {
                let refused = try await ana.post("/account/delete", fields)
                #expect(refused.status == .unprocessableContent, "\(fields)")
                for message in messages { #expect(refused.text.contains(message), "\(fields): \(message)") }
            }
            #expect(try await Self.deletion(server).dueDate(userID: id) == nil)
            #expect(try await ana.get("/account").status == .ok, "still signed in")
            #expect(try await Self.count(server, "SELECT count(*)::int FROM mail_outbox WHERE kind = 'account-deletion'") == 0)
            #expect(try await Self.count(server, "SELECT count(*)::int FROM security_events WHERE kind LIKE 'deletion-%'") == 0)
        }
    }

    @Test func afterTheGracePeriodNothingOfTheLearnerIsLeftAndNobodyElsesIsTouched() async throws {
        try await TestSite.withServer(adjust: { $0.feedback.offlinePause = .zero }) { client, server, _ in
            let postgres = server.backends.postgres, redis = server.backends.redis, storage = server.storage
            let deletion = Self.deletion(server)
            try await FeedbackPagesTests.importPrompts(server, ["writing/traffic-congestion-cities"])
            try await postgres.query("""
                INSERT INTO task_prompts (slug, skill, task, title, topic, source, checksum)
                VALUES ('describe-a-park-or-garden', 'speaking', 'speaking-2', 'A park', 'places', '', '')
                """)

            // Ana: a confirmed learner with two sessions, rows in many tables, and keys in Redis.
            let ana = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            _ = try await ana.get(try await TestSite.confirmationPath(server, "ana@example.com"))
            let anaID = try await Self.id(server, "ana@example.com")
            let phone = Browser(client)
            #expect(try await phone.signIn(email: "ana@example.com").status == .seeOther)
            var handles = try await Self.sessionHandles(redis, anaID)
            #expect(handles.count == 2)
            // An API token, used to send an essay with an Idempotency-Key: a job, its events, a kept answer.
            let (token, secret) = try await AccessTokens(client: postgres).create(userID: anaID, role: .learner, name: "phone",
                                                                                  scopes: [.read, .practice, .feedback], expiresAt: nil)
            let api = APIClient(client: client, token: secret, userID: anaID)
            let sent = try await api.post("/api/v1/answers", ["prompt": "traffic-congestion-cities", "answer": .string(FeedbackFixture.essay)],
                                          headers: [HTTPField.Name("Idempotency-Key")!: "essay-\(UUID())"])
            #expect(sent.status == .accepted, "\(sent.text)")
            let essay = try #require(sent.json["id"]?.string.flatMap(UUID.init(uuidString:)))
            try await Self.waitUntilAssessed(server, essay)
            #expect(try await Self.allKeys(redis).contains { $0.hasPrefix("api:idempotency:\(anaID):") })
            // A deck, a card and its review, a dictation session, a Speaking draft with its recording.
            let anaRecording = try await Self.addStudy(server, userID: anaID, deck: "Ana's words")
            #expect(try await storage.exists(anaRecording))
            // A lesson revision she wrote (as if she had once been an editor): it stays, without her.
            try await postgres.query("""
                INSERT INTO lessons (slug, title, skill, level_min, level_max, topic, summary, minutes, body, updated_by)
                VALUES ('ana-lesson', 'Ana''s lesson', 'reading', 5, 6, 'parks', 'A lesson.', 5, 'Text.', \(anaID))
                """)
            try await postgres.query("""
                INSERT INTO lesson_revisions (lesson_id, number, source, checksum, author_id, action)
                SELECT id, 1, 'Text.', 'sum', \(anaID), 'saved' FROM lessons WHERE slug = 'ana-lesson'
                """)
            // A change of address asked for, a password reset asked for (a link and a counter), two-step verification on.
            _ = try await ana.get("/account")
            let change = try await ana.post("/account/email", [("newEmail", "ana.new@example.com"), ("emailChangePassword", Self.password)])
            #expect(change.status == .seeOther)
            let stranger = Browser(client)
            _ = try await stranger.get("/password/forgot")
            #expect(try await stranger.post("/password/forgot", [("email", "ana@example.com")]).status == .ok)
            try await Self.waitFor(server, "SELECT count(*)::int FROM password_resets WHERE user_id = \(anaID)", 1)
            let totp = try await TestSite.turnOnTwoFactor(server, email: "ana@example.com")

            // Bo: another learner, whose things must all stay; his activity names Ana (she once changed his role).
            let bo = Browser(client)
            _ = try await bo.signUp(email: "bo@example.com", name: "Bo")
            let boID = try await Self.id(server, "bo@example.com")
            let boRecording = try await Self.addStudy(server, userID: boID, deck: "Bo's words")
            await SecurityLog(client: postgres, logger: TestSite.quietLogger).record(.roleChanged, userID: boID, detail: "learner to editor by ana@example.com")
            // Another address that merely ends like hers stays as it is.
            await SecurityLog(client: postgres, logger: TestSite.quietLogger).record(.roleChanged, userID: boID, detail: "editor to learner by hana@example.com")

            // Ana asks: signed out everywhere, her tokens revoked, the date on the page and in the mail.
            _ = try await ana.get("/account/delete")
            let asked = try await ana.post("/account/delete", [("deletePassword", Self.password), ("deleteConfirmation", "  delete ")])
            #expect(asked.status == .seeOther && asked.headers[.location] == "/")
            #expect(asked.headers[values: .setCookie].contains { $0.hasPrefix("bandup_session=") && $0.contains("Max-Age=0") }, "the cookie goes")
            let due = try #require(try await deletion.dueDate(userID: anaID))
            #expect(abs(due.timeIntervalSinceNow - 7 * 86_400) < 300, "in 7 days")
            let home = try await ana.follow(asked)
            #expect(home.text.contains("Your account will be deleted on \(AccountDeletionController.day(due))"), "\(home.text)")
            #expect(try await ana.get("/account").status == .seeOther, "signed out")
            #expect(try await phone.get("/account").status == .seeOther, "every device signed out")
            #expect(try await api.get("/api/v1/me").status == .unauthorized, "every token revoked")
            #expect(try await Self.sessionHandles(redis, anaID).isEmpty)
            let notice = try await postgres.query("SELECT text_body FROM mail_outbox WHERE user_id = \(anaID) AND kind = 'account-deletion'")
                .decode(String.self).reduce("") { $1 }
            #expect(notice.contains(AccountDeletionController.day(due).replacingOccurrences(of: " UTC", with: "")) && notice.contains("/sign-in?next=/account/delete"),
                    "\(notice)")

            // Signing in during the grace period works, and the page offers to keep the account.
            #expect(try await ana.signIn(email: "ana@example.com").headers[.location] == "/sign-in/code")
            _ = try await ana.get("/sign-in/code")
            let signedIn = try await ana.post("/sign-in/code", [("code", totp.code(step: totp.step(at: Date())))])
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/account")
            handles += try await Self.sessionHandles(redis, anaID)
            // The account page, where signing in lands, says so (AccountController passes `deletionDue`).
            let landing = try await ana.follow(signedIn)
            #expect(landing.text.contains("data-deletion-due=") && landing.text.contains("action=\"/account/delete/cancel\""), "the banner")
            let waiting = try await ana.get("/account/delete")
            #expect(waiting.status == .ok && waiting.text.contains("data-deletion-due=") && waiting.text.contains(AccountDeletionController.day(due)))
            #expect(waiting.text.contains("action=\"/account/delete/cancel\"") && !waiting.text.contains("action=\"/account/delete\""),
                    "a cancel button, and no second ask")
            let kept = try await ana.post("/account/delete/cancel")
            #expect(kept.status == .seeOther && kept.headers[.location] == "/account")
            #expect(try await ana.follow(kept).text.contains("Your account will not be deleted."))
            #expect(try await deletion.dueDate(userID: anaID) == nil)
            #expect(try await deletion.purgeDue(now: Date().addingTimeInterval(8 * 86_400)) { try await storage.delete($0) } == 0, "kept")

            // She asks again; then leaves traces in Redis: a wrong password, a sign-in waiting for its code.
            _ = try await ana.get("/account/delete")
            #expect(try await ana.post("/account/delete", [("deletePassword", Self.password), ("deleteConfirmation", "DELETE")]).status == .seeOther)
            #expect(try await Self.count(server, "SELECT count(*)::int FROM security_events WHERE user_id = \(anaID) AND kind LIKE 'deletion-%'") == 3)
            #expect(try await Browser(client).signIn(email: "ana@example.com", password: "not the password").status == .unauthorized)
            try await Self.waitFor(server, "SELECT count(*)::int FROM security_events WHERE user_id = \(anaID) AND kind = 'sign-in-failed'", 1)
            #expect(try await Browser(client).signIn(email: "ana@example.com").headers[.location] == "/sign-in/code")
            let before = try await Self.allKeys(redis)
            #expect(before.contains("signin-guessers:ana@example.com") && before.contains { $0.hasPrefix("reset:address:ana@example.com:") })
            #expect(before.contains { $0.hasPrefix("signin:pending:") })

            // The grace period: nothing happens before it is over, everything after, once.
            #expect(try await deletion.purgeDue(now: Date()) { try await storage.delete($0) } == 0)
            #expect(try await deletion.purgeDue(now: Date().addingTimeInterval(8 * 86_400)) { try await storage.delete($0) } == 1)
            #expect(try await deletion.purgeDue(now: Date().addingTimeInterval(8 * 86_400)) { try await storage.delete($0) } == 0)

            // PostgreSQL: no row of hers in any table with a user_id, her account gone, and neither of
            // her addresses in any text of any table.
            #expect(try await Self.count(server, "SELECT count(*)::int FROM users WHERE id = \(anaID)") == 0)
            let tables = try await postgres.query("""
                SELECT table_name::text FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'user_id' ORDER BY 1
                """).decode(String.self).reduce(into: [String]()) { $0.append($1) }
            #expect(tables.count >= 15, "\(tables)")
            for table in tables {
                #expect(try await Self.count(server, "SELECT count(*)::int FROM \"\(table)\" WHERE user_id = $1", anaID) == 0, "\(table)")
            }
            let columns = try await postgres.query("""
                SELECT table_name::text, column_name::text FROM information_schema.columns
                WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY') ORDER BY 1, 2
                """).decode((String, String).self).reduce(into: [(String, String)]()) { $0.append($1) }
            for (table, column) in columns {
                for address in ["ana@example.com", "ana.new@example.com"] {
                    let sql = "SELECT count(*)::int FROM \"\(table)\" WHERE \"\(column)\"::text ~* $1"
                    #expect(try await Self.count(server, sql, AccountDeletion.wholeAddress(address)) == 0, "\(table).\(column) names \(address)")
                }
            }
            #expect(try await Self.count(server, "SELECT count(*)::int FROM lesson_revisions WHERE author_id IS NULL") == 1, "her lesson stays, without her")
            #expect(try await Self.count(server, "SELECT count(*)::int FROM lessons WHERE slug = 'ana-lesson' AND updated_by IS NULL") == 1)

            // Redis: no key names her, her addresses, her sessions, her token or her answers, and no value holds them.
            let essayID = essay.uuidString.lowercased()
            let after = try await Self.allKeys(redis)
            for key in after {
                #expect(!key.contains("ana@example.com") && !key.contains("ana.new@example.com"), "\(key)")
                #expect(key != "user-sessions:\(anaID)" && !key.hasPrefix("api:idempotency:\(anaID):") && !key.hasPrefix("api:rate:token:\(token.id):"), "\(key)")
                #expect(!key.lowercased().contains(essayID), "\(key)")
                #expect(!handles.contains { key == "session:\($0)" }, "\(key)")
                for value in try await Self.values(redis, key).map({ $0.lowercased() }) {
                    #expect(!value.contains("ana@example.com") && !value.contains("ana.new@example.com") && !value.contains(essayID),
                            "\(key) holds \(value.prefix(200))")
                }
                if key.hasPrefix("session:") || key.hasPrefix("signin:pending:") {
                    #expect(try await redis.hashGet(key, field: "user") != String(anaID), "\(key) is hers")
                }
            }

            // Storage: her recording is gone.
            #expect(try await storage.exists(anaRecording) == false)

            // Bo: everything of his is still there, and he is still signed in.
            #expect(try await storage.exists(boRecording))
            #expect(try await bo.get("/account").status == .ok)
            #expect(after.contains("user-sessions:\(boID)"))
            for table in ["decks", "cards", "card_reviews", "dictation_sessions", "feedback_attempts", "email_verifications"] {
                #expect(try await Self.count(server, "SELECT count(*)::int FROM \"\(table)\" WHERE user_id = $1", boID) >= 1, "\(table)")
            }
            #expect(try await Self.count(server, """
                SELECT count(*)::int FROM security_events WHERE user_id = \(boID) AND kind = 'role-changed' AND detail = 'learner to editor by a deleted account'
                """) == 1, "his activity stays, without her address")
            #expect(try await Self.count(server, """
                SELECT count(*)::int FROM security_events WHERE user_id = \(boID) AND detail = 'editor to learner by hana@example.com'
                """) == 1, "an address that only ends like hers is left alone")
            #expect(AccountDeletion.names("By Ana@Example.com.", "ana@example.com") && !AccountDeletion.names("hana@example.com", "ana@example.com")
                    && !AccountDeletion.names("ana@example.com.au", "ana@example.com"))
        }
    }

    // MARK: Helpers

    static func deletion(_ server: BandUpServer) -> AccountDeletion {
        let postgres = server.backends.postgres, redis = server.backends.redis
        return AccountDeletion(client: postgres, redis: redis, users: UserStore(client: postgres), hasher: PasswordHasher(cost: 4),
                               sessions: SessionStore(redis: redis), outbox: server.outbox, logger: TestSite.quietLogger,
                               log: SecurityLog(client: postgres, logger: TestSite.quietLogger), jobPrefix: server.settings.feedback.redisPrefix)
    }

    static func id(_ server: BandUpServer, _ email: String) async throws -> Int64 {
        try await server.backends.postgres.query("SELECT id FROM users WHERE email = \(email)").decode(Int64.self).reduce(0) { $1 }
    }

    /// The one number `sql` answers.
    static func count(_ server: BandUpServer, _ sql: PostgresQuery) async throws -> Int {
        try await server.backends.postgres.query(sql).decode(Int.self).reduce(0) { $1 }
    }

    /// The one number `sql` (made here, with table and column names) answers, `value` bound as `$1`.
    static func count<Value: PostgresNonThrowingEncodable>(_ server: BandUpServer, _ sql: String, _ value: Value) async throws -> Int {
        var binds = PostgresBindings()
        binds.append(value)
        return try await count(server, PostgresQuery(unsafeSQL: sql, binds: binds))
    }

    /// Waits (at most 10 s) until `sql` counts `expected` (work done after an answer was given).
    static func waitFor(_ server: BandUpServer, _ sql: PostgresQuery, _ expected: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await count(server, sql) == expected { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("\(sql.sql) never counted \(expected)")
    }

    /// Waits (at most 120 s) until the answer's feedback is in and its final event published.
    static func waitUntilAssessed(_ server: BandUpServer, _ id: UUID) async throws {
        let stream = "\(server.settings.feedback.redisPrefix):events:\(id.uuidString.lowercased())"
        for _ in 0..<2_400 {
            let last = try await server.backends.redis.streamRange(stream).last?["n"]
            if last == "complete" || last == "failed" { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("no feedback within 120 s")
    }

    /// A deck with a card and its review, a dictation session, and a Speaking draft whose recording
    /// is in the server's storage; the recording's key.
    static func addStudy(_ server: BandUpServer, userID: Int64, deck: String) async throws -> String {
        let postgres = server.backends.postgres
        try await postgres.query("INSERT INTO decks (user_id, name) VALUES (\(userID), \(deck))")
        try await postgres.query("""
            INSERT INTO cards (deck_id, user_id, term, definition, due) SELECT id, user_id, 'mitigate', 'to make less severe', now() FROM decks WHERE name = \(deck)
            """)
        try await postgres.query("""
            INSERT INTO card_reviews (card_id, user_id, rating, reviewed_at, was_new, state, stability, difficulty, due)
            SELECT id, user_id, 3, now(), true, 2, 3.1, 5.2, now() + interval '3 days' FROM cards WHERE user_id = \(userID)
            """)
        try await postgres.query("INSERT INTO dictation_sessions (user_id, level, sentences) VALUES (\(userID), 'easy', ARRAY['a-sentence'])")
        let key = "recordings/\(UUID().uuidString.lowercased())-1.ogg"
        let recording: [UInt8] = Array("OggS fake recording bytes".utf8) + (0..<200).map { UInt8($0) }
        try await server.storage.put(key, bytes: recording, contentType: "audio/ogg", limit: 1 << 20)
        try await postgres.query("""
            INSERT INTO feedback_attempts (user_id, prompt_slug, task, prompt_title, prompt_text, mode, state, answer, audio_key, audio_type)
            VALUES (\(userID), 'describe-a-park-or-garden', 'speaking-2', 'A park', 'Describe a park', 'practice', 'draft', '', \(key), 'audio/ogg')
            """)
        return key
    }

    static func sessionHandles(_ redis: RedisClient, _ userID: Int64) async throws -> [String] {
        try await redis.send(["SMEMBERS", "user-sessions:\(userID)"]).array?.compactMap(\.string) ?? []
    }

    /// Every key in Redis (SCAN, as an operator would).
    static func allKeys(_ redis: RedisClient) async throws -> [String] {
        var cursor = "0", keys: [String] = []
        repeat {
            let parts = try #require(try await redis.send(["SCAN", cursor, "COUNT", "1000"]).array)
            cursor = try #require(parts.first?.string)
            keys += parts.count > 1 ? parts[1].array?.compactMap(\.string) ?? [] : []
        } while cursor != "0"
        return keys
    }

    /// What a key holds, as text: a string, a hash's fields and values, a set's members, a stream's entries' fields and values.
    static func values(_ redis: RedisClient, _ key: String) async throws -> [String] {
        switch try await redis.send(["TYPE", key]).string {
        case "string": return [try await redis.get(key) ?? ""]
        case "hash": return try await redis.hashGetAll(key).flatMap { [$0.key, $0.value] }
        case "set": return try await redis.send(["SMEMBERS", key]).array?.compactMap(\.string) ?? []
        case "stream": return try await redis.streamRange(key).flatMap { entry in entry.fields.flatMap { field in [field.0, field.1] } }
        default: return []
        }
    }
}
