import Content
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BandUpWeb

/// Editors writing lessons in the browser: drafts, publishing, validation on the right field,
/// optimistic locking, history with diffs and restores, the preview and uploads.
@Suite struct EditorTests {
    /// A signed-in browser with `role`.
    static func person(_ client: any TestClientProtocol, _ server: BandUpServer, email: String, name: String, role: String) async throws -> Browser {
        let browser = Browser(client)
        _ = try await browser.signUp(email: email, name: name)
        try await server.backends.postgres.query("UPDATE users SET role = \(role) WHERE email = \(email)")
        if role != "learner" { try await TestSite.turnOnTwoFactor(server, email: email) }
        return browser
    }

    static func fields(title: String = "Skimming for gist", slug: String = "skimming-for-gist", level: String = "5.0-6.5",
                       body: String = "# Skimming for gist\n\nRead the first line of each paragraph.\n", revision: Int? = nil,
                       action: String = "save") -> [(String, String)] {
        [("title", title), ("slug", slug), ("skill", "reading"), ("level", level), ("topic", "Reading strategies"),
         ("summary", "Find the main idea fast."), ("minutes", "10"), ("tags", "reading, speed"), ("audio", ""),
         ("vocabulary", "- term: gist\n  pos: noun\n  definition: the main idea"), ("body", body), ("action", action)]
            + (revision.map { [("revision", String($0))] } ?? [])
    }

    @Test func draftsPublishingAndWhatLearnersSee() async throws {
        try await TestSite.withServer { client, server, _ in
            let editor = try await Self.person(client, server, email: "ed@example.com", name: "Edith", role: "editor")
            let learner = Browser(client)
            _ = try await learner.signUp(email: "lee@example.com", name: "Lee")

            let form = try await editor.get("/editor/lessons/new")
            #expect(form.status == .ok && form.text.contains("id=\"preview\""))
            let created = try await editor.post("/editor/lessons", Self.fields())
            #expect(created.status == .seeOther && created.headers[.location] == "/editor/lessons/skimming-for-gist")
            let page = try await editor.follow(created)
            #expect(page.text.contains("Saved revision 1 as a draft."))
            #expect(page.text.contains("name=\"revision\" value=\"1\""))
            #expect(page.text.contains("<h1>Skimming for gist</h1>"))  // the preview, rendered with the page
            #expect(try await learner.get("/lessons/skimming-for-gist").status == .notFound)  // a draft

            let list = try await editor.get("/editor/lessons")
            #expect(list.text.contains("Skimming for gist") && list.text.contains(">Draft</span>") && list.text.contains("<td>Edith</td>"))

            let published = try await editor.post("/editor/lessons/skimming-for-gist", Self.fields(revision: 1, action: "publish"))
            #expect(try await editor.follow(published).text.contains("Published revision 1."))
            #expect(try await learner.get("/lessons/skimming-for-gist").text.contains("Read the first line of each paragraph."))

            // A draft on top of a published lesson: learners keep the published text.
            let changed = Self.fields(body: "# Skimming for gist\n\nRead the first and last lines.\n", revision: 1)
            #expect(try await editor.follow(try await editor.post("/editor/lessons/skimming-for-gist", changed)).text.contains("Saved revision 2 as a draft."))
            let stillOld = try await learner.get("/lessons/skimming-for-gist")
            #expect(stillOld.text.contains("Read the first line of each paragraph.") && !stillOld.text.contains("first and last lines"))
            #expect(try await editor.get("/editor/lessons").text.contains("Published, with unpublished changes"))
            _ = try await editor.post("/editor/lessons/skimming-for-gist", Self.fields(body: "# Skimming for gist\n\nRead the first and last lines.\n",
                                                                                        revision: 2, action: "publish"))
            #expect(try await learner.get("/lessons/skimming-for-gist").text.contains("first and last lines"))
            #expect(try await learner.get("/lessons?q=last+lines").text.contains("skimming-for-gist"))

            // Unpublish: gone for learners, kept for editors.
            let off = try await editor.post("/editor/lessons/skimming-for-gist/unpublish")
            #expect(try await editor.follow(off).text.contains("Unpublished"))
            #expect(try await learner.get("/lessons/skimming-for-gist").status == .notFound)
            #expect(try await editor.get("/editor/lessons/skimming-for-gist").status == .ok)

            // Learners cannot edit, preview or upload.
            #expect(try await learner.get("/editor/lessons").status == .forbidden)
            #expect(try await learner.post("/editor/lessons/skimming-for-gist", Self.fields(revision: 2)).status == .forbidden)
            #expect(try await learner.post("/editor/preview", Self.fields()).status == .forbidden)
            #expect(try await learner.upload("/editor/uploads", bytes: Self.png, contentType: "image/png").status == .forbidden)
        }
    }

    @Test func problemsAreShownOnTheirFieldAndTheTextIsKept() async throws {
        try await TestSite.withServer { client, server, _ in
            let editor = try await Self.person(client, server, email: "ed@example.com", name: "Edith", role: "editor")
            _ = try await editor.get("/editor/lessons/new")
            let badLevel = try await editor.post("/editor/lessons", Self.fields(level: "band six"))
            #expect(badLevel.status == .unprocessableContent)
            #expect(badLevel.text.contains("Level is a band range such as 5.5-6.5, not &#39;band six&#39;"))
            #expect(badLevel.text.contains("<a href=\"#level\">") && badLevel.text.contains("value=\"band six\""))

            let body = "# Title\n\nIntro.\n\n```callout danger\nCareful <b>now</b>.\n```\n"
            let badBlock = try await editor.post("/editor/lessons", Self.fields(body: body))
            #expect(badBlock.status == .unprocessableContent)
            #expect(badBlock.text.contains("Line 5 of the text: a callout is tip, note or warning"))
            #expect(badBlock.text.contains("Careful &lt;b&gt;now&lt;/b&gt;."))  // the text is kept, escaped in the textarea

            let noSlug = try await editor.post("/editor/lessons", Self.fields(slug: "Not A Slug!"))
            #expect(noSlug.status == .unprocessableContent && noSlug.text.contains("<a href=\"#slug\">"))

            _ = try await editor.post("/editor/lessons", Self.fields())
            _ = try await editor.get("/editor/lessons/new")
            let taken = try await editor.post("/editor/lessons", Self.fields(title: "Another"))
            #expect(taken.status == .unprocessableContent && taken.text.contains("Another lesson already has the slug"))
        }
    }

    @Test func aSecondEditorsStaleSaveIsRefusedAndTheirTextKept() async throws {
        try await TestSite.withServer { client, server, _ in
            let ann = try await Self.person(client, server, email: "ann@example.com", name: "Ann", role: "editor")
            let bob = try await Self.person(client, server, email: "bob@example.com", name: "Bob", role: "admin")
            _ = try await ann.get("/editor/lessons/new")
            _ = try await ann.post("/editor/lessons", Self.fields())
            // Both open revision 1.
            _ = try await ann.get("/editor/lessons/skimming-for-gist")
            _ = try await bob.get("/editor/lessons/skimming-for-gist")
            let annSaves = try await ann.post("/editor/lessons/skimming-for-gist", Self.fields(body: "# Skimming\n\nAnn's version.\n", revision: 1))
            #expect(annSaves.status == .seeOther)
            let bobSaves = try await bob.post("/editor/lessons/skimming-for-gist", Self.fields(body: "# Skimming\n\nBob's version.\n", revision: 1))
            #expect(bobSaves.status == .conflict)
            #expect(bobSaves.text.contains("Not saved: Ann saved this lesson while you were editing"))
            #expect(bobSaves.text.contains("Bob&#39;s version."))
            #expect(bobSaves.text.contains("/editor/lessons/skimming-for-gist/diff?from=1&amp;to=2"))
            #expect(bobSaves.text.contains("name=\"revision\" value=\"2\""))
            let library = LessonLibrary(client: server.backends.postgres)
            #expect(try await library.head(slug: "skimming-for-gist")?.source.contains("Ann's version.") == true)
            // Saving again, deliberately, makes Bob's the newest; Ann's stays in the history.
            let again = try await bob.post("/editor/lessons/skimming-for-gist", Self.fields(body: "# Skimming\n\nBob's version.\n", revision: 2))
            #expect(again.status == .seeOther)
            #expect(try await library.revisions(slug: "skimming-for-gist").map(\.author) == ["Bob", "Ann", "Ann"])
        }
    }

    @Test func historyDiffsAndRestores() async throws {
        try await TestSite.withServer { client, server, _ in
            let editor = try await Self.person(client, server, email: "ed@example.com", name: "Edith", role: "editor")
            _ = try await editor.get("/editor/lessons/new")
            _ = try await editor.post("/editor/lessons", Self.fields(body: "# Skim\n\nOne.\nTwo.\nThree.\n"))
            _ = try await editor.post("/editor/lessons/skimming-for-gist", Self.fields(body: "# Skim\n\nOne.\nTwo and a half.\nThree.\n", revision: 1))
            let history = try await editor.get("/editor/lessons/skimming-for-gist/revisions")
            #expect(history.status == .ok && history.text.contains("Saved as a draft") && history.text.contains("<td>Edith</td>"))
            let diff = try await editor.get("/editor/lessons/skimming-for-gist/diff?from=1&to=2")
            #expect(diff.text.contains("1 line added, 1 removed."))
            #expect(diff.text.contains("<tr class=\"diff-removed\">") && diff.text.contains("<code>Two.</code>"))
            #expect(diff.text.contains("<tr class=\"diff-added\">") && diff.text.contains("<code>Two and a half.</code>"))
            #expect(try await editor.get("/editor/lessons/skimming-for-gist/diff?from=1&to=9").status == .notFound)
            #expect(try await editor.get("/editor/lessons/skimming-for-gist/diff?from=x").status == .badRequest)

            let restored = try await editor.post("/editor/lessons/skimming-for-gist/revisions/1/restore", [("revision", "2")])
            #expect(try await editor.follow(restored).text.contains("Restored revision 1 as revision 3"))
            let head = try await LessonLibrary(client: server.backends.postgres).head(slug: "skimming-for-gist")
            #expect(head?.revision == 3 && head?.source.contains("Two.\nThree.") == true)
            // A restore from a stale page is refused too.
            _ = try await editor.get("/editor/lessons/skimming-for-gist/revisions")
            let stale = try await editor.post("/editor/lessons/skimming-for-gist/revisions/2/restore", [("revision", "2")])
            #expect(try await editor.follow(stale).text.contains("Nothing restored: Edith saved revision 3 meanwhile."))
        }
    }

    @Test func thePreviewRendersLikeTheLessonPage() async throws {
        try await TestSite.withServer { client, server, _ in
            let editor = try await Self.person(client, server, email: "ed@example.com", name: "Edith", role: "editor")
            _ = try await editor.get("/editor/lessons/new")
            let body = "# Preview me\n\n```callout tip\nA **tip**.\n```\n\n```questions\ntype: true-false-not-given\nquestions:\n  - prompt: It works.\n    answer: TRUE\n    explanation: It does.\n```\n"
            let preview = try await editor.post("/editor/preview", Self.fields(body: body))
            #expect(preview.status == .ok && preview.headers[.cacheControl] == "no-store")
            #expect(!preview.text.contains("<html"))  // a fragment for the page's preview pane
            #expect(preview.text.contains("<h1>Preview me</h1>") && preview.text.contains("callout callout-tip"))
            #expect(preview.text.contains("Question 1") && preview.text.contains(" disabled>"))
            #expect(preview.text.contains("Words from this lesson") && preview.text.contains("gist"))
            let broken = try await editor.post("/editor/preview", Self.fields(body: "```questions\ntype: nonsense\n```\n"))
            #expect(broken.status == .ok && broken.text.contains("The lesson cannot be shown yet.") && broken.text.contains("Line 2 of the text: unknown question type"))
            #expect(try await editor.post("/editor/preview", Self.fields(), csrf: "forged").status == .forbidden)
        }
    }

    /// The smallest valid PNG header the upload check accepts (the bytes after it are not inspected).
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("fake image data for BandUp tests".utf8)

    @Test func uploadsAreCheckedStoredAndServed() async throws {
        try await TestSite.withServer { client, server, _ in
            let editor = try await Self.person(client, server, email: "ed@example.com", name: "Edith", role: "editor")
            _ = try await editor.get("/editor/lessons/new")
            let uploaded = try await editor.upload("/editor/uploads", bytes: Self.png, contentType: "image/png",
                                                   headers: [HTTPField.Name("X-File-Name")!: "bar%20chart.png"])
            #expect(uploaded.status == .created)
            let answer = try JSONDecoder().decode([String: String].self, from: Data(buffer: uploaded.body))
            let reference = try #require(answer["reference"])
            #expect(reference.hasPrefix("uploads/") && reference.hasSuffix(".png") && answer["markdown"] == "![bar chart](\(reference))")

            let served = try await client.execute(uri: "/media/\(reference)", method: .get)
            #expect(served.status == .ok && Array(buffer: served.body) == Self.png && served.headers[.contentType] == "image/png")
            #expect(served.headers[.cacheControl] == "public, max-age=31536000, immutable")
            let part = try await client.execute(uri: "/media/\(reference)", method: .get, headers: [.range: "bytes=0-7"])
            #expect(part.status == .partialContent && Array(buffer: part.body) == Array(Self.png.prefix(8)))
            #expect(try await client.execute(uri: "/media/uploads/../../etc/passwd", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/media/uploads/\(String(repeating: "0", count: 32)).png", method: .get).status == .notFound)

            // A lesson that uses it previews and saves; one that names a missing upload does not.
            let withImage = Self.fields(body: "# Chart\n\n\(answer["markdown"]!)\n")
            #expect(try await editor.post("/editor/preview", withImage).text.contains("<img src=\"/media/\(reference)\" alt=\"bar chart\""))
            let missing = Self.fields(body: "# Chart\n\n![x](uploads/\(String(repeating: "a", count: 32)).png)\n")
            let refused = try await editor.post("/editor/lessons", missing)
            #expect(refused.status == .unprocessableContent && refused.text.contains("There is no uploaded file"))

            // Wrong types, lying types, empty and oversized files get clear refusals.
            let exe = try await editor.upload("/editor/uploads", bytes: [0x4D, 0x5A, 0x90, 0x00], contentType: "application/x-msdownload")
            #expect(exe.status == .unsupportedMediaType && exe.text.contains("BandUp takes PNG, JPEG"))
            let lying = try await editor.upload("/editor/uploads", bytes: Array("<svg onload=alert(1)>".utf8), contentType: "image/png")
            #expect(lying.status == .unsupportedMediaType && lying.text.contains("does not look like PNG"))
            #expect(try await editor.upload("/editor/uploads", bytes: [], contentType: "image/png").status == .badRequest)
            let huge = try await editor.upload("/editor/uploads", bytes: Self.png + [UInt8](repeating: 0, count: 5 << 20), contentType: "image/png")
            #expect(huge.status == .contentTooLarge && huge.text.contains("larger than 5 MB"))
            #expect(try await editor.upload("/editor/uploads", bytes: Self.png, contentType: "image/png", headers: [HTTPField.Name("X-CSRF-Token")!: "x"]).status == .forbidden)
        }
    }
}
