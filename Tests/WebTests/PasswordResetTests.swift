import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Mail
import Testing
import TestSupport
@testable import BandUpWeb

/// Forgotten passwords end to end: the link goes out over real SMTP (aiosmtpd), is followed, and
/// every refusal (spent, expired, unknown address, too many asks) is checked.
@Suite struct PasswordResetTests {
    /// A server whose mail goes to `sink`, tried again after a second.
    static func withMail(_ sink: MailSink, maxAttempts: Int = 8,
                         _ body: @escaping @Sendable (any TestClientProtocol, BandUpServer) async throws -> Void) async throws {
        try await TestSite.withServer(adjust: { settings in
            settings.mail.smtp = try? SMTPSettings(url: sink.url())
            settings.mail.sender = MailAddress(address: "no-reply@bandup.test", name: "BandUp")
            settings.mail.firstRetrySeconds = 1
            settings.mail.maxAttempts = maxAttempts
            settings.publicBaseURL = "https://bandup.test"
        }) { client, server, _ in try await body(client, server) }
    }

    static let resetSubject = "Reset your BandUp password"

    /// The path of the reset link in `mail`.
    static func resetPath(_ mail: SunkMail) throws -> String {
        try #require(mail.link(startingWith: "https://bandup.test/password/reset?token=")).replacingOccurrences(of: "https://bandup.test", with: "")
    }

    @Test func aForgottenPasswordIsResetThroughTheMailedLink() async throws {
        let sink = try MailSink()
        try await Self.withMail(sink) { client, _ in
            let ana = Browser(client), laptop = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            _ = try await laptop.signIn(email: "ana@example.com")
            let visitor = Browser(client)
            #expect(try await visitor.get("/sign-in").text.contains("href=\"/password/forgot\""))
            try await visitor.get("/password/forgot")
            let asked = try await visitor.post("/password/forgot", [("email", " Ana@Example.com ")])
            #expect(asked.status == .ok && asked.text.contains("If an account uses") && asked.text.contains("for 30 minutes"))

            let mail = try #require(try await sink.waitForMail(to: "ana@example.com", subject: Self.resetSubject), "the link is mailed")
            #expect(mail.subject == "Reset your BandUp password")
            #expect(mail.text.contains("Hello Ana,") && mail.html.contains("Choose a new password"))
            let path = try Self.resetPath(mail)
            #expect(mail.html.contains("href=\"https://bandup.test\(path)\""))

            let form = try await visitor.get(path)
            #expect(form.status == .ok && form.text.contains("name=\"token\"") && form.text.contains("autocomplete=\"new-password\""))
            let weak = try await visitor.post("/password/reset", [("token", String(path.split(separator: "=")[1])), ("password", "password")])
            #expect(weak.status == .unprocessableContent && weak.text.contains("name=\"token\""), "a weak password is refused and the link still works")
            let done = try await visitor.post("/password/reset", [("token", String(path.split(separator: "=")[1])), ("password", "a brand new passphrase")])
            #expect(done.status == .seeOther && done.headers[.location] == "/sign-in")
            #expect(try await visitor.follow(done).text.contains("Your password has been changed"))

            #expect(try await ana.get("/account").status == .seeOther, "every session ended")
            #expect(try await laptop.get("/account").status == .seeOther)
            #expect(try await Browser(client).signIn(email: "ana@example.com").status == .unauthorized, "the old password is gone")
            #expect(try await Browser(client).signIn(email: "ana@example.com", password: "a brand new passphrase").status == .seeOther)

            let again = try await Browser(client).get(path)
            #expect(again.status == .gone && again.text.contains("expired or has already been used"), "the link works once")
            let notice = try #require(try await sink.waitForMail(to: "ana@example.com", subject: "Your BandUp password was changed"), "the owner is told")
            #expect(notice.subject == "Your BandUp password was changed" && notice.text.contains("signed out"))
            #expect(notice.link(startingWith: "https://bandup.test/password/reset") == nil, "the notice holds no working link")
        }
    }

    @Test func anUnknownAddressGetsTheSameAnswerAndNoMail() async throws {
        let sink = try MailSink()
        try await Self.withMail(sink) { client, _ in
            _ = try await Browser(client).signUp(email: "kim@example.com", name: "Kim")
            let visitor = Browser(client)
            try await visitor.get("/password/forgot")
            let unknown = try await visitor.post("/password/forgot", [("email", "nobody@example.com")])
            let known = try await visitor.post("/password/forgot", [("email", "kim@example.com")])
            #expect(unknown.status == known.status)
            func words(_ page: TestResponse, _ email: String) -> String {
                page.text.replacingOccurrences(of: email, with: "EMAIL").replacing(/value="[^"]{20,}"/, with: "TOKEN")
                    .replacing(/nonce="[^"]+"/, with: "NONCE").replacing(/<code>[0-9a-f]{32}<\/code>/, with: "REQUEST")
            }
            #expect(words(unknown, "nobody@example.com") == words(known, "kim@example.com"), "the pages differ only in the address typed")
            #expect(try await sink.waitForMail(to: "kim@example.com", subject: Self.resetSubject) != nil)
            try await Task.sleep(for: .seconds(2))
            #expect(sink.messages().allSatisfy { !$0.recipients.contains("nobody@example.com") })
        }
    }

    @Test func expiredAndMadeUpLinksAreRefused() async throws {
        let sink = try MailSink()
        try await Self.withMail(sink) { client, server in
            _ = try await Browser(client).signUp(email: "li@example.com", name: "Li")
            let visitor = Browser(client)
            try await visitor.get("/password/forgot")
            _ = try await visitor.post("/password/forgot", [("email", "li@example.com")])
            let path = try Self.resetPath(try #require(try await sink.waitForMail(to: "li@example.com", subject: Self.resetSubject)))
            try await server.backends.postgres.query("UPDATE password_resets SET expires_at = now() - interval '1 second'")
            #expect(try await visitor.get(path).status == .gone)
            try await visitor.get("/password/forgot")
            let late = try await visitor.post("/password/reset", [("token", String(path.split(separator: "=")[1])), ("password", "a brand new passphrase")])
            #expect(late.status == .gone && late.text.contains("Ask for a new link"))
            #expect(try await visitor.get("/password/reset?token=made-up").status == .gone)
            #expect(try await visitor.get("/password/reset").status == .gone)
            #expect(try await Browser(client).signIn(email: "li@example.com").status == .seeOther, "the password did not change")
        }
    }

    @Test func asksAreLimitedPerAddressQuietlyAndPerClientOpenly() async throws {
        let sink = try MailSink()
        try await Self.withMail(sink) { client, _ in
            _ = try await Browser(client).signUp(email: "jo@example.com", name: "Jo")
            let visitor = Browser(client)
            try await visitor.get("/password/forgot")
            for _ in 0..<5 {
                #expect(try await visitor.post("/password/forgot", [("email", "jo@example.com")]).status == .ok)
            }
            _ = try await sink.waitForMail(to: "jo@example.com", subject: Self.resetSubject, after: 2)
            try await Task.sleep(for: .seconds(2))
            #expect(sink.messages().filter { $0.recipients.contains("jo@example.com") && $0.subject == Self.resetSubject }.count == 3,
                    "three links an hour to one address")
            var statuses: [HTTPResponse.Status] = []
            for n in 0..<16 { statuses.append(try await visitor.post("/password/forgot", [("email", "someone\(n)@example.com")]).status) }
            #expect(statuses.last == .tooManyRequests && statuses.dropLast().allSatisfy { $0 == .ok }, "twenty asks an hour from one client: \(statuses)")
        }
    }

    @Test func mailWaitsWhileTheServerIsDownThenGoesOutOrDiesVisibly() async throws {
        let sink = try MailSink()
        sink.stop()
        try await Self.withMail(sink, maxAttempts: 3) { client, server in
            let admin = Browser(client)
            _ = try await admin.signUp(email: "admin@example.com", name: "Admin")
            try await server.backends.postgres.query("UPDATE users SET role = 'admin' WHERE email = 'admin@example.com'")
            try await TestSite.turnOnTwoFactor(server, email: "admin@example.com")
            let visitor = Browser(client)
            try await visitor.get("/password/forgot")
            #expect(try await visitor.post("/password/forgot", [("email", "admin@example.com")]).text.contains("If an account uses"),
                    "asking succeeds while the mail server is down")
            // 1 s, 2 s: three tries, then dead, and the admin page says so.
            func deadReset(_ page: TestResponse) -> Substring? {
                page.text.firstMatch(of: /data-mail="(\d+)" data-status="dead">\s*<td>[^<]*<\/td>\s*<td>admin@example.com<\/td>\s*<td>Reset your BandUp password/)?.1
            }
            var page = try await admin.get("/admin/mail")
            let deadline = ContinuousClock.now + .seconds(20)
            while deadReset(page) == nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(300))
                page = try await admin.get("/admin/mail")
            }
            #expect(page.text.contains("cannot connect to the mail server"), "\(page.text)")
            #expect(try await Browser(client).get("/admin/mail").status != .ok, "only admins see the outbox")

            try sink.start()
            let id = try #require(deadReset(page), "the reset mail is dead: \(page.text)")
            #expect(try await admin.post("/admin/mail/\(id)/retry").status == .seeOther)
            #expect(try await sink.waitForMail(to: "admin@example.com", subject: Self.resetSubject) != nil, "sent again, it goes out")
            #expect(try await admin.get("/admin/mail").text.contains("data-status=\"sent\""))
        }
    }

    @Test func developmentShowsMailOnAPageWhenNoServerIsSet() async throws {
        try await TestSite.withServer(adjust: { $0.environment = .development }) { client, _, _ in
            let visitor = Browser(client)
            _ = try await Browser(client).signUp(email: "sam@example.com", name: "Sam")
            try await visitor.get("/password/forgot")
            _ = try await visitor.post("/password/forgot", [("email", "sam@example.com")])
            var page = try await visitor.get("/dev/mail")
            let deadline = ContinuousClock.now + .seconds(10)
            while !page.text.contains(Self.resetSubject), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                page = try await visitor.get("/dev/mail")
            }
            #expect(page.text.contains("/password/reset?token=") && page.text.contains("To <strong>sam@example.com</strong>"))
            #expect(page.text.contains("Confirm your email address for BandUp"), "the sign-up's mail is there too")
        }
        try await TestSite.withServer(adjust: { $0.environment = .test }) { client, _, _ in
            let page = try await Browser(client).get("/dev/mail")
            #expect(page.status == .notFound, "never outside development")
        }
    }
}
