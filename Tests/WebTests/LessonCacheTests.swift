import Content
import Foundation
import PostgresNIO
import Synchronization
import TestSupport
import Testing

/// Lesson pages answer from memory (which revision is published, and its rendering), and every
/// `bandup serve` forgets what it kept when PostgreSQL says lessons changed: two real processes on
/// one database, a publish by neither of them.
@Suite(.serialized) struct LessonCacheTests {
    static let slug = "true-false-not-given"
    static let title = "True, False or Not Given?"
    /// How the page names the lesson (its `<title>`).
    static func heading(_ title: String) -> String { "<title>\(title) · BandUp</title>" }

    /// Requests `path` every 50 ms for `within` (each on its own, not waiting for the one before)
    /// and answers how long after the start the first request that found `text` was sent.
    static func firstSight(of text: String, port: Int, path: String, within: Duration) async -> Duration? {
        let start = ContinuousClock.now
        return await withTaskGroup(of: Duration?.self) { group in
            var offset = Duration.zero
            while offset < within {
                let sent = offset
                group.addTask {
                    try? await Task.sleep(until: start + sent, clock: .continuous)
                    return await ServeProcessTests.get(port, path)?.body.contains(text) == true ? sent : nil
                }
                offset += .milliseconds(50)
            }
            return await group.compactMap { $0 }.reduce(nil as Duration?) { first, seen in min(first ?? seen, seen) }
        }
    }

    @Test func aPublishReachesEveryInstanceWithinASecond() async throws {
        let postgres = try PostgresServer.shared.get()
        let redis = try RedisServer()
        let database = try await postgres.createDatabase()
        let (first, firstPort) = try ServeProcessTests.serve(database: database, postgres: postgres, redis: redis)
        #expect(await ServeProcessTests.waitFor(firstPort, "/readyz", status: 200) != nil, "\(first.output)")  // migrations applied
        let imported = try await BandUpProcess.runAside(["content", "import", "Content"], environment: ["DATABASE_URL": postgres.url(database: database)])
        #expect(imported.status == 0, "\(imported.output)")
        let (second, secondPort) = try ServeProcessTests.serve(database: database, postgres: postgres, redis: redis)
        #expect(await ServeProcessTests.waitFor(secondPort, "/readyz", status: 200) != nil, "\(second.output)")
        let path = "/lessons/\(Self.slug)"
        for port in [firstPort, secondPort] {
            let page = await ServeProcessTests.waitFor(port, path, status: 200)
            #expect(page?.body.contains(Self.heading(Self.title)) == true, "\(page?.body.prefix(2000) ?? "no page")")
        }

        // Neither server publishes: the content import (or a third instance) does.
        let file = BandUpProcess.repositoryRoot.appendingPathComponent("Content/lessons/reading/\(Self.slug).md")
        let source = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "title: \(Self.title)", with: "title: \(Self.title) Revised")
        try await postgres.withClient(database: database) { client in
            _ = try await LessonLibrary(client: client).importLesson(try Lesson.parse(source, file: "\(Self.slug).md"), source: source)
        }
        async let firstSaw = Self.firstSight(of: Self.heading(Self.title + " Revised"), port: firstPort, path: path, within: .seconds(3))
        async let secondSaw = Self.firstSight(of: Self.heading(Self.title + " Revised"), port: secondPort, path: path, within: .seconds(3))
        let (a, b) = await (firstSaw, secondSaw)
        #expect(a != nil && a! < .seconds(1), "the first server first showed the new revision after \(String(describing: a))")
        #expect(b != nil && b! < .seconds(1), "the second server first showed the new revision after \(String(describing: b))")

        // From memory: a change PostgreSQL does not announce goes unseen…
        try await postgres.withClient(database: database) { client in
            try await client.query("ALTER TABLE lessons DISABLE TRIGGER lessons_changed")
            try await client.query("UPDATE lessons SET published_revision = published_revision - 1 WHERE slug = \(Self.slug)")
            try await client.query("ALTER TABLE lessons ENABLE TRIGGER lessons_changed")
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(await ServeProcessTests.get(secondPort, path)?.body.contains(Self.heading(Self.title + " Revised")) == true, "the kept revision")
        // …until it is announced.
        try await postgres.withClient(database: database) { client in try await client.query("NOTIFY bandup_changes, 'lessons'") }
        let older = await Self.firstSight(of: Self.heading(Self.title), port: secondPort, path: path, within: .seconds(3))
        #expect(older != nil && older! < .seconds(1), "the announced change showed after \(String(describing: older))")

        for server in [first, second] {
            server.terminate()
            #expect(try await server.waitForExit() == 0, "\(server.output)")
        }
    }
}
