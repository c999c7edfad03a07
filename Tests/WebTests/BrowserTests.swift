import Foundation
import TestSupport
import Testing

/// Flows in Debian's Chromium through Selenium (`Tests/Browser/*.py`), against a real
/// `bandup serve` on PostgreSQL and Redis: accounts, and an editor publishing a lesson. `scripts/test` installs Chromium,
/// chromedriver and selenium.
@Suite(.serialized) struct BrowserTests {  // one Chromium at a time: the suite shares two cores
    @Test func signUpSignOutSignInAndEndTheOtherSession() async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer()
        let (server, port) = try ServeProcessTests.serve(database: try await postgres.createDatabase(), postgres: postgres, redis: redis)
        #expect(await ServeProcessTests.waitFor(port, "/readyz", status: 200) != nil, "\(server.output)")

        let (status, printed) = try await Self.runScript("accounts_flow.py", ["http://127.0.0.1:\(port)"])
        #expect(status == 0, "\(printed)\n--- bandup serve ---\n\(server.output.suffix(4000))")
        #expect(printed.contains("ok - the other browser is signed out"), "\(printed)")
        server.terminate()
        _ = try await server.waitForExit()
    }

    @Test func aLearnerWhoForgotTheirPasswordGetsBackInThroughTheMailedLink() async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer()
        let sink = try MailSink()
        let (server, port) = try ServeProcessTests.serve(database: try await postgres.createDatabase(), postgres: postgres, redis: redis, extra: [
            "SMTP_URL": sink.url(), "MAIL_FROM": "BandUp <no-reply@bandup.test>", "MAIL_RETRY_SECONDS": "1",
        ])
        #expect(await ServeProcessTests.waitFor(port, "/readyz", status: 200) != nil, "\(server.output)")

        let (status, printed) = try await Self.runScript("password_reset_flow.py", ["http://127.0.0.1:\(port)", sink.directory.path])
        #expect(status == 0, "\(printed)\n--- bandup serve ---\n\(server.output.suffix(4000))")
        #expect(printed.contains("ok - the new password signs in") && printed.contains("ok - a notice of the change is mailed"), "\(printed)")
        server.terminate()
        _ = try await server.waitForExit()
    }

    @Test func aLearnerSignsInWithGoogleAndAForgedTokenIsRefused() async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer()
        let provider = try OpenIDStandIn.start()
        let (server, port) = try ServeProcessTests.serve(database: try await postgres.createDatabase(), postgres: postgres, redis: redis, extra: [
            "GOOGLE_CLIENT_ID": OpenIDStandIn.clientID, "GOOGLE_CLIENT_SECRET": OpenIDStandIn.clientSecret,
            "GOOGLE_ISSUER": "http://127.0.0.1:\(provider.port)",
        ])
        #expect(await ServeProcessTests.waitFor(port, "/readyz", status: 200) != nil, "\(server.output)")

        let (status, printed) = try await Self.runScript("google_flow.py", ["http://127.0.0.1:\(port)", "http://127.0.0.1:\(provider.port)"])
        #expect(status == 0, "\(printed)\n--- bandup serve ---\n\(server.output.suffix(4000))")
        #expect(printed.contains("ok - a forged (expired) token is refused with a clear page") && printed.contains("ok - and nobody is signed in"), "\(printed)")
        server.terminate()
        _ = try await server.waitForExit()
    }

    @Test func anEditorChangesALessonAndALearnerReadsIt() async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer()
        let database = try await postgres.createDatabase()
        let (server, port) = try ServeProcessTests.serve(database: database, postgres: postgres, redis: redis)
        #expect(await ServeProcessTests.waitFor(port, "/readyz", status: 200) != nil, "\(server.output)")  // migrations applied
        let env = ["DATABASE_URL": postgres.url(database: database)]
        let imported = try await BandUpProcess.runAside(["content", "import", "Content"], environment: env)
        #expect(imported.status == 0, "\(imported.output)")
        let password = "a careful editor of lessons"
        let created = try BandUpProcess.run(["user", "create", "--email", "editor@example.com", "--role", "editor", "--name", "Eda"],
                                            environment: env, input: password + "\n")
        #expect(created.status == 0, "\(created.output)")

        let (status, printed) = try await Self.runScript("editor_flow.py", ["http://127.0.0.1:\(port)", "editor@example.com", password])
        #expect(status == 0, "\(printed)\n--- bandup serve ---\n\(server.output.suffix(4000))")
        #expect(printed.contains("ok - a learner reads the new text") && printed.contains("ok - the page did not reload"), "\(printed)")
        server.terminate()
        _ = try await server.waitForExit()
    }

    @Test func aLearnerSitsATestReloadsMidwayAndSeesTheResult() async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer()
        let database = try await postgres.createDatabase()
        let (server, port) = try ServeProcessTests.serve(database: database, postgres: postgres, redis: redis)
        #expect(await ServeProcessTests.waitFor(port, "/readyz", status: 200) != nil, "\(server.output)")
        let content = FileManager.default.temporaryDirectory.appendingPathComponent("tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: content) }
        try FileManager.default.createDirectory(at: content.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try PracticeTestFixture.markdown(slug: "browser-fixture").write(to: content.appendingPathComponent("tests/browser-fixture.md"), atomically: true, encoding: .utf8)
        let imported = try await BandUpProcess.runAside(["content", "import", content.path], environment: ["DATABASE_URL": postgres.url(database: database)])
        #expect(imported.status == 0, "\(imported.output)")

        let (status, printed) = try await Self.runScript("test_flow.py", ["http://127.0.0.1:\(port)", "browser-fixture"])
        #expect(status == 0, "\(printed)\n--- bandup serve ---\n\(server.output.suffix(4000))")
        #expect(printed.contains("ok - and the highlight survives") && printed.contains("ok - the dashboard draws the band chart"), "\(printed)")
        server.terminate()
        _ = try await server.waitForExit()
    }

    @Test func anExamListeningRecordingPlaysOnTheServersClockThroughAReload() async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer()
        let database = try await postgres.createDatabase()
        let (server, port) = try ServeProcessTests.serve(database: database, postgres: postgres, redis: redis,
                                                         extra: ["LISTENING_READING_SECONDS": "3"])
        #expect(await ServeProcessTests.waitFor(port, "/readyz", status: 200) != nil, "\(server.output)")
        let content = FileManager.default.temporaryDirectory.appendingPathComponent("tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: content) }
        try FileManager.default.createDirectory(at: content.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try PracticeTestFixture.markdown(slug: "listening-fixture", kind: "listening").write(to: content.appendingPathComponent("tests/listening-fixture.md"),
                                                                                            atomically: true, encoding: .utf8)
        let imported = try await BandUpProcess.runAside(["content", "import", content.path], environment: ["DATABASE_URL": postgres.url(database: database)])
        #expect(imported.status == 0, "\(imported.output)")

        let (status, printed) = try await Self.runScript("listening_flow.py", ["http://127.0.0.1:\(port)", "listening-fixture"])
        #expect(status == 0, "\(printed)\n--- bandup serve ---\n\(server.output.suffix(4000))")
        #expect(printed.contains("ok - from where it had got to, not from the start") && printed.contains("ok - the recording moves forward"), "\(printed)")
        server.terminate()
        _ = try await server.waitForExit()
    }

    @Test func aLearnerAddsALessonsWordsAndReviewsThemWithTheKeyboard() async throws {
        let redis = try RedisServer()
        let (server, port) = try await ServeProcessTests.serveWithContent(redis: redis)
        let (status, printed) = try await Self.runScript("flashcards_flow.py", ["http://127.0.0.1:\(port)", "form-completion"])
        #expect(status == 0, "\(printed)\n--- bandup serve ---\n\(server.output.suffix(4000))")
        #expect(printed.contains("ok - 3 grades it Good and the next card comes") && printed.contains("ok - the dashboard's due count fell too"), "\(printed)")
        server.terminate()
        _ = try await server.waitForExit()
    }

    @Test func aLearnerWatchesFeedbackStreamInReloadsAndSeesTheBands() async throws {
        let redis = try RedisServer()
        // A slower offline analyser, so the reload lands in the middle of the stream.
        let (server, port) = try await ServeProcessTests.serveWithContent(redis: redis, extra: ["FEEDBACK_OFFLINE_PAUSE_MS": "250"])
        let essay = FileManager.default.temporaryDirectory.appendingPathComponent("essay-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: essay) }
        try FeedbackFixture.essay.write(to: essay, atomically: true, encoding: .utf8)

        let (status, printed) = try await Self.runScript("feedback_flow.py", ["http://127.0.0.1:\(port)", essay.path])
        #expect(status == 0, "\(printed)\n--- bandup serve ---\n\(server.output.suffix(4000))")
        #expect(printed.contains("ok - after a reload the stream carries on") && printed.contains("ok - annotated sentences are marked"), "\(printed)")
        server.terminate()
        _ = try await server.waitForExit()
    }

    @Test func aLearnerRecordsASpeakingAnswerAndReadsWhatBandUpHeard() async throws {
        let redis = try RedisServer()
        let (server, port) = try await ServeProcessTests.serveWithContent(redis: redis)
        // Chromium's fake microphone plays a WAV file: the committed Part 2 answer, decoded by ffmpeg.
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SpeechTests/Fixtures")
        let wav = FileManager.default.temporaryDirectory.appendingPathComponent("park-answer-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: wav) }
        let decoded = try ChildProcess.run("/usr/bin/ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-i",
            fixtures.appendingPathComponent("park-answer.webm").path, "-ar", "48000", "-ac", "1", "-c:a", "pcm_s16le", wav.path])
        #expect(decoded.status == 0, "\(decoded.output)")

        let (status, printed) = try await Self.runScript("speaking_flow.py", ["http://127.0.0.1:\(port)", wav.path,
                                                                        fixtures.appendingPathComponent("park-answer.txt").path])
        #expect(status == 0, "\(printed)\n--- bandup serve ---\n\(server.output.suffix(4000))")
        #expect(printed.contains("ok - BandUp heard the answer") && printed.contains("ok - the first answer is kept as it was"), "\(printed)")
        server.terminate()
        _ = try await server.waitForExit()
    }

    /// Runs a Selenium script of `Tests/Browser` with the python3 on PATH (the one scripts/test
    /// installs selenium into); its exit status and everything it printed. A script still running
    /// after five minutes (a flow takes under half a minute) is killed with its browser and fails.
    static func runScript(_ name: String, _ arguments: [String]) async throws -> (Int32, String) {
        try await PythonScript.runAside("Tests/Browser/\(name)", arguments, environment: ["SE_OFFLINE": "true", "SE_AVOID_STATS": "true", "PYTHONUNBUFFERED": "1"],
                                        timeLimit: .seconds(300))
    }
}
