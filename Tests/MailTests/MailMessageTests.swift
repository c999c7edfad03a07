import Foundation
@testable import Mail
import Testing

struct MailMessageTests {
    let sender = MailAddress(address: "no-reply@bandup.example", name: "BandUp")

    @Test func aMessageHasATextAndAnHTMLPartInBase64() throws {
        let message = MailMessage(to: "wren@example.com", subject: "Reset your password", text: "Hello Wren,\nthe link: https://x/y\n", html: "<p>Hello</p>")
        let raw = message.rendered(from: sender, id: "mail-7", date: Date(timeIntervalSince1970: 1_796_601_600))
        #expect(raw.contains("From: BandUp <no-reply@bandup.example>\r\n"))
        #expect(raw.contains("To: wren@example.com\r\n"))
        #expect(raw.contains("Subject: Reset your password\r\n"))
        #expect(raw.contains("Message-ID: <mail-7@bandup.example>\r\n"))
        #expect(raw.contains("Date: Mon, 07 Dec 2026 00:00:00 +0000\r\n"))
        let text = Data(base64Encoded: Data("Hello Wren,\r\nthe link: https://x/y\r\n".utf8).base64EncodedString())!
        #expect(raw.contains(text.base64EncodedString()))
        #expect(raw.components(separatedBy: "Content-Transfer-Encoding: base64").count == 3)
        #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 }, "no line is longer than SMTP allows")
        #expect(raw.hasSuffix("--=_bandup_mail7--\r\n"))
    }

    @Test(arguments: [
        ("Réinitialiser", "=?UTF-8?B?UsOpaW5pdGlhbGlzZXI=?="),
        ("plain words", "plain words"),
        ("line\r\nBcc: evil@example.com", "line  Bcc: evil@example.com"),
        ("line\nBcc: evil@example.com", "line Bcc: evil@example.com"),
    ])
    func subjectsAreEncodedAndCannotAddHeaders(subject: String, header: String) {
        #expect(MailMessage.encodedWord(subject) == header)
    }

    @Test func longBodiesAreFoldedAt76() {
        let lines = MailMessage.base64Lines(String(repeating: "a", count: 1000))
        #expect(lines.dropLast().allSatisfy { $0.count == 76 })
        #expect(Data(base64Encoded: lines.joined())?.count == 1000)
    }

    @Test(arguments: [(0.0, "Thu, 01 Jan 1970 00:00:00 +0000"), (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 +0000"),
                      (1_796_611_845.0, "Mon, 07 Dec 2026 02:50:45 +0000")])
    func datesAreRFC5322(seconds: Double, text: String) {
        #expect(MailMessage.rfc5322Date(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func linesThatStartWithADotAreStuffed() {
        #expect(SMTPClient.dotStuffed("a\r\n.b\r\n..c\r\n") == "a\r\n..b\r\n...c\r\n")
        #expect(SMTPClient.envelope("a<b>@x.org\r\nRCPT TO:<c@d>") == "ab@x.orgRCPTTO:c@d")
        #expect(SMTPClient.envelope("a@x.org\nDATA") == "a@x.orgDATA")
    }

    @Test(arguments: [
        ("smtp://127.0.0.1:2525", "127.0.0.1", 2525, SMTPSettings.Security.startTLS, nil as String?),
        ("smtps://mail%40bandup.example:s%2Fcret@smtp.example.com", "smtp.example.com", 465, .implicitTLS, "mail@bandup.example"),
        ("smtp://relay.example.com", "relay.example.com", 587, .startTLS, nil),
    ])
    func smtpURLs(url: String, host: String, port: Int, security: SMTPSettings.Security, user: String?) throws {
        let settings = try SMTPSettings(url: url)
        #expect(settings.host == host && settings.port == port && settings.security == security && settings.username == user)
        if user != nil { #expect(settings.password == "s/cret") }
    }

    @Test(arguments: ["http://mail.example.com", "smtp://", "smtp://user@host.example.com", "mail.example.com:25"])
    func badSMTPURLsAreRefusedWithoutEchoingSecrets(url: String) {
        #expect(throws: MailError.self) { try SMTPSettings(url: url) }
    }

    @Test func retriesWaitLongerEachTimeUpToAnHour() {
        #expect((1...10).map { MailOutbox.delay(afterAttempt: $0) } == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600])
        #expect((1...3).map { MailOutbox.delay(afterAttempt: $0, first: 1) } == [1, 2, 4])
    }
}
