import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Mail
import Testing
import TestSupport
@testable import BandUpWeb

/// Confirming a learner's address: the link mailed at sign-up over real SMTP, followed once; sent
/// again from the account page within its limit; a sign-up while the mail server is down.
@Suite struct EmailVerificationTests {
    static func path(_ mail: SunkMail) throws -> String {
        try #require(mail.link(startingWith: "https://bandup.test/email/confirm?token=")).replacingOccurrences(of: "https://bandup.test", with: "")
    }

    @Test func theLinkMailedAtSignUpConfirmsTheAddressOnce() async throws {
        let sink = try MailSink()
        try await PasswordResetTests.withMail(sink) { client, _ in
            let ana = Browser(client)
            let welcome = try await ana.signUp(email: "ana@example.com")
            #expect(welcome.text.contains("We have sent a link to ana@example.com"))
            #expect(welcome.text.contains("data-email-verified=\"false\""))
            let mail = try #require(try await sink.waitForMail(to: "ana@example.com"))
            #expect(mail.subject == "Confirm your email address for BandUp" && mail.text.contains("Hello Ana,"))
            let path = try Self.path(mail)
            let confirmed = try await ana.get(path)
            #expect(confirmed.status == .seeOther && confirmed.headers[.location] == "/account")
            let account = try await ana.follow(confirmed)
            #expect(account.text.contains("ana@example.com is confirmed") && account.text.contains("data-email-verified=\"true\""))
            #expect(!account.text.contains("action=\"/account/email/verify\""), "no resend button once confirmed")

            let again = try await Browser(client).get(path)
            #expect(again.status == .gone && again.text.contains("has already been used"), "the link works once")
            #expect(try await Browser(client).get("/email/confirm?token=made-up").status == .gone)
        }
    }

    @Test func aLinkCanBeSentAgainThreeTimesAnHour() async throws {
        let sink = try MailSink()
        try await PasswordResetTests.withMail(sink) { client, server in
            let kim = Browser(client)
            _ = try await kim.signUp(email: "kim@example.com", name: "Kim")
            _ = try await sink.waitForMail(to: "kim@example.com")
            for n in 1...3 {
                let sent = try await kim.follow(try await kim.post("/account/email/verify"))
                #expect(sent.text.contains(n < 3 ? "We have sent a new link" : "three links this hour"), "ask \(n)")
            }
            let last = try #require(try await sink.waitForMail(to: "kim@example.com", after: 2))
            // The first link still works (each link is good for 48 hours).
            let first = try Self.path(try #require(sink.messages().first { $0.recipients.contains("kim@example.com") }))
            #expect(try await kim.get(first).status == .seeOther)
            #expect(try await kim.get(try Self.path(last)).status == .gone, "once confirmed, other links are spent too")
            let rows = try await server.backends.postgres.query("SELECT count(*)::int FROM email_verifications WHERE email = 'kim@example.com'")
            #expect(try await rows.decode(Int.self).reduce(0) { $1 } == 3)
        }
    }

    @Test func signingUpWhileTheMailServerIsDownLosesNothing() async throws {
        let sink = try MailSink()
        sink.stop()
        try await PasswordResetTests.withMail(sink) { client, server in
            let li = Browser(client)
            let welcome = try await li.signUp(email: "li@example.com", name: "Li")
            #expect(welcome.status == .ok && welcome.text.contains("Welcome to BandUp, Li!"), "the sign-up succeeds")
            let waiting = try await server.backends.postgres.query("SELECT count(*)::int FROM mail_outbox WHERE recipient = 'li@example.com' AND sent_at IS NULL")
            #expect(try await waiting.decode(Int.self).reduce(0) { $1 } == 1, "the mail waits in the outbox")
            try await Task.sleep(for: .seconds(2))
            try sink.start()
            let mail = try #require(try await sink.waitForMail(to: "li@example.com", timeout: .seconds(30)), "it goes out when the server is back")
            #expect(try await li.get(try Self.path(mail)).status == .seeOther)
        }
    }

    @Test func guessersWaitTheOwnerSignsInAndIsToldByMail() async throws {
        let sink = try MailSink()
        try await TestSite.withServer(.live, adjust: { settings in
            settings.mail.smtp = try? SMTPSettings(url: sink.url())
            settings.mail.firstRetrySeconds = 1
            settings.publicBaseURL = "https://bandup.test"
            settings.trustedProxies = (try? TrustedProxies("127.0.0.1/32")) ?? .none
        }) { client, _, _ in
            _ = try await Browser(client).signUp(email: "mo@example.com", name: "Mo")
            var statuses: [Int] = []
            for guesser in 1...3 {
                let browser = Browser(client)
                browser.forwardedFor = "198.51.100.\(guesser)"
                for _ in 0..<5 { statuses.append(Int(try await browser.signIn(email: "mo@example.com", password: "a guess at it").status.code)) }
                statuses.append(Int(try await browser.signIn(email: "mo@example.com", password: "correct horse battery").status.code))
            }
            #expect(statuses == Array(repeating: [401, 401, 401, 401, 401, 429], count: 3).flatMap { $0 },
                    "each guessing client waits after five misses, even with the right password: \(statuses)")
            let owner = Browser(client)
            owner.forwardedFor = "203.0.113.7"
            #expect(try await owner.signIn(email: "mo@example.com").status == .seeOther, "the owner, elsewhere, is not locked out")
            let alert = try #require(try await sink.waitForMail(to: "mo@example.com", subject: "Someone is trying to sign in to your BandUp account"))
            #expect(alert.text.contains("/password/forgot") && alert.text.contains("your own sign-in keeps working"))
            try await Task.sleep(for: .seconds(2))
            #expect(sink.messages().filter { $0.subject.hasPrefix("Someone is trying") }.count == 1, "told once")
        }
    }

    @Test func anAddressChangesThroughItsLinkAndTheOldAddressCanUndoIt() async throws {
        let sink = try MailSink()
        try await PasswordResetTests.withMail(sink) { client, server in
            let ana = Browser(client), thief = Browser(client)
            _ = try await ana.signUp(email: "ana@example.com")
            _ = try await thief.signIn(email: "ana@example.com")  // a session someone else holds
            _ = try await thief.get("/account")
            let wrong = try await thief.post("/account/email", [("newEmail", "thief@example.com"), ("emailChangePassword", "a guess at it")])
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("That is not your current password."), "the password is asked for")
            let taken = try await thief.post("/account/email", [("newEmail", "ana@example.com"), ("emailChangePassword", "correct horse battery")])
            #expect(taken.status == .unprocessableContent && taken.text.contains("already your address"))
            let asked = try await thief.follow(try await thief.post("/account/email", [("newEmail", "Thief@Example.com"), ("emailChangePassword", "correct horse battery")]))
            #expect(asked.text.contains("We have sent a link to thief@example.com") && asked.text.contains("<dd>ana@example.com</dd>"), "nothing changes yet")

            let confirm = try #require(try await sink.waitForMail(to: "thief@example.com", subject: "Confirm your new email address for BandUp"))
            let confirmPath = try #require(confirm.link(startingWith: "https://bandup.test/email/change/confirm?token=")).replacingOccurrences(of: "https://bandup.test", with: "")
            let changed = try await thief.follow(try await thief.get(confirmPath))
            #expect(changed.text.contains("now signs in with thief@example.com") && changed.text.contains("<dd>thief@example.com</dd>"))
            #expect(try await thief.get(confirmPath).status == .gone, "the link works once")
            _ = try await thief.get("/account")
            let again = try await thief.post("/account/email", [("newEmail", "thief2@example.com"), ("emailChangePassword", "correct horse battery")])
            #expect(again.status == .unprocessableContent && again.text.contains("changed in the last 7 days"), "no second change while the first can be undone")
            let squatter = Browser(client)
            try await squatter.get("/sign-up")
            let squat = try await squatter.post("/sign-up", [("email", "ana@example.com"), ("displayName", "Squatter"), ("password", "another long password")])
            #expect(squat.status == .unprocessableContent, "the old address is kept for its owner while the change can be undone")

            let told = try #require(try await sink.waitForMail(to: "ana@example.com", subject: "Your BandUp email address was changed"))
            #expect(told.text.contains("now signs in with thief@example.com"))
            let undoPath = try #require(told.link(startingWith: "https://bandup.test/email/change/undo?token=")).replacingOccurrences(of: "https://bandup.test", with: "")
            let asking = try await ana.get(undoPath)
            #expect(asking.status == .ok && asking.text.contains("Undo the change and sign everyone out"), "a page asks first (scanners follow links)")
            let token = String(undoPath.split(separator: "=")[1])
            // Meanwhile the thief linked their Google account and their phone.
            try await server.backends.postgres.query("UPDATE users SET google_subject = '1234567890' WHERE email = 'thief@example.com'")
            try await TestSite.turnOnTwoFactor(server, email: "thief@example.com")
            let undone = try await ana.post("/email/change/undo", [("token", token)])
            #expect(undone.status == .seeOther && undone.headers[.location] == "/password/forgot?email=ana%40example%2Ecom")
            #expect(try await ana.follow(undone).text.contains("signs in with ana@example.com again"))
            #expect(try await thief.get("/account").status == .seeOther, "every device is signed out, the thief's too")
            let kept = try await server.backends.postgres.query("""
                SELECT google_subject IS NOT NULL OR EXISTS (SELECT 1 FROM two_factor t WHERE t.user_id = u.id) FROM users u WHERE email = 'ana@example.com'
                """).decode(Bool.self).reduce(true) { $1 }
            #expect(!kept, "the thief's Google link and phone are gone with the change")
            #expect(try await Browser(client).signIn(email: "thief@example.com").status == .unauthorized)
            #expect(try await Browser(client).signIn(email: "ana@example.com").status == .unauthorized,
                    "the password whoever changed the address knew no longer works")
            let back = Browser(client)
            try await back.get("/password/forgot")
            _ = try await back.post("/password/forgot", [("email", "ana@example.com")])
            let reset = try #require(try await sink.waitForMail(to: "ana@example.com", subject: PasswordResetTests.resetSubject))
            let resetToken = try PasswordResetTests.resetPath(reset).components(separatedBy: "token=")[1]
            #expect(try await back.post("/password/reset", [("token", resetToken), ("password", "the owner's new phrase")]).status == .seeOther)
            #expect(try await back.signIn(email: "ana@example.com", password: "the owner's new phrase").status == .seeOther)
            #expect(try await back.get("/account").text.contains("data-event=\"email-change-undone\""))
            let late = Browser(client)
            try await late.get("/sign-in")
            #expect(try await late.post("/email/change/undo", [("token", token)]).status == .gone, "the undo link works once")
        }
    }
}
