import Foundation
import Mail
import Testing
import TestSupport

/// The SMTP client against a real SMTP server (aiosmtpd): plain on loopback, STARTTLS with AUTH,
/// refusals, and a server that is down.
struct SMTPClientTests {
    let sender = MailAddress(address: "no-reply@bandup.example", name: "BandUp")
    let message = MailMessage(to: "wren@example.com", subject: "Réinitialiser · reset", text: "Hello Wren,\n.a line with a dot\nhttps://bandup.example/x?token=abc\n",
                              html: "<p>Hello <strong>Wren</strong></p>")

    @Test func aMessageArrivesWithBothPartsIntact() async throws {
        let sink = try MailSink()
        let failures = try await Self.send(message, with: SMTPClient(settings: try SMTPSettings(url: sink.url()), sender: sender), id: "mail-1")
        #expect(failures.count < 3, "\(failures)")
        let mail = try #require(try await sink.waitForMail(to: "wren@example.com", timeout: .seconds(5)))
        #expect(mail.subject == "Réinitialiser · reset")
        #expect(mail.text == "Hello Wren,\n.a line with a dot\nhttps://bandup.example/x?token=abc\n", "the dot-stuffing is undone by the server")
        #expect(mail.html == "<p>Hello <strong>Wren</strong></p>")
        #expect(mail.header("From") == "BandUp <no-reply@bandup.example>")
        #expect(!mail.tls && mail.login == nil)
    }

    @Test func startTLSAndAuthWhenTheServerAsksForThem() async throws {
        let certificates = try TestCertificates()
        let login = (user: "bandup", password: "a mail password")
        let sink = try MailSink(tls: certificates, login: login)
        // Trusting the test authority: TLS is verified, not merely used.
        let settings = try SMTPSettings(url: sink.url(login: login, authorityFile: certificates.authorityFile).replacingOccurrences(of: "127.0.0.1", with: "localhost"))
        let failures = try await Self.send(message, with: SMTPClient(settings: settings, sender: sender), id: "mail-2")
        #expect(failures.count < 3, "\(failures)")
        let mail = try #require(try await sink.waitForMail(to: "wren@example.com", timeout: .seconds(5)))
        #expect(mail.tls && mail.login == "bandup")

        // The wrong password is refused for good (535), and the system's roots do not trust the test authority.
        let wrong = try SMTPSettings(url: sink.url(login: (login.user, "not it"), authorityFile: certificates.authorityFile).replacingOccurrences(of: "127.0.0.1", with: "localhost"))
        await #expect(throws: MailError.self) { try await SMTPClient(settings: wrong, sender: sender).send(message, id: "mail-3") }
        do {
            try await SMTPClient(settings: try SMTPSettings(url: sink.url(login: login).replacingOccurrences(of: "127.0.0.1", with: "localhost")), sender: sender)
                .send(message, id: "mail-4")
            Issue.record("a certificate from an unknown authority was accepted")
        } catch let error as MailError {
            guard case .temporary = error else { Issue.record("\(error)"); return }
        }
        #expect(sink.messages().count == 1, "only the good login's message arrived")
    }

    /// Sends as the outbox's sender does: a temporary failure (the sink, starved of CPU by the rest of
    /// the suite, once dropped a handshake and once a connection before DATA) is tried again, up to
    /// three times; a refusal is not. Returns the temporary failures.
    static func send(_ message: MailMessage, with client: SMTPClient, id: String) async throws -> [MailError] {
        var failures: [MailError] = []
        for _ in 0..<3 {
            do {
                try await client.send(message, id: id)
                break
            } catch MailError.temporary(let why) {
                failures.append(.temporary(why))
            }
        }
        return failures
    }

    @Test func aServerThatIsDownIsATemporaryFailure() async throws {
        let sink = try MailSink()
        sink.stop()
        do {
            try await SMTPClient(settings: try SMTPSettings(url: sink.url()), sender: sender).send(message, id: "mail-5")
            Issue.record("sent to a server that is down")
        } catch let error as MailError {
            guard case .temporary = error else { Issue.record("\(error)"); return }
        }
    }
}
