import FoundationEssentials
import Logging

/// Something that hands a message to a mail server (``SMTPClient``; a test's recorder).
public protocol MailTransport: Sendable {
    func send(_ message: MailMessage, id: String, date: Date) async throws
}

extension SMTPClient: MailTransport {}

/// Sends what the outbox holds: due messages one by one, each marked sent, or failed with its
/// next try (or dead). Runs in `bandup worker` and `bandup serve`; instances share the outbox.
public struct MailSender: Sendable {
    public let outbox: MailOutbox
    public let transport: any MailTransport
    let logger: Logger

    public init(outbox: MailOutbox, transport: any MailTransport, logger: Logger) {
        self.outbox = outbox
        self.transport = transport
        self.logger = logger
    }

    /// Sends every message due now; how many went out.
    @discardableResult
    public func sendDue() async throws -> Int {
        var sent = 0
        while !Task.isCancelled {
            // One at a time: each claim's lease covers one message's dialogue, never a batch's.
            let batch = try await outbox.claim(limit: 1)
            if batch.isEmpty { break }
            for mail in batch {
                if try await send(mail) { sent += 1 }
            }
        }
        return sent
    }

    private func send(_ mail: OutboxMail) async throws -> Bool {
        do {
            try await transport.send(mail.message, id: "mail-\(mail.id)", date: mail.createdAt)
            try await outbox.markSent(id: mail.id)
            logger.info("mail sent", metadata: ["mail": "\(mail.id)", "kind": "\(mail.kind)", "attempt": "\(mail.attempts)"])
            return true
        } catch {
            let failure = error as? MailError ?? .temporary("\(error)")
            let dead = try await outbox.markFailed(mail, error: failure)
            logger.warning(dead ? "mail dead-lettered" : "mail not sent; it will be tried again",
                           metadata: ["mail": "\(mail.id)", "kind": "\(mail.kind)", "attempt": "\(mail.attempts)", "error": "\(failure)"])
            return false
        }
    }

    /// Sends due messages every `interval` until the task is cancelled; a database that is away
    /// is waited for.
    public func run(every interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            do {
                try await sendDue()
            } catch {
                logger.warning("the mail outbox could not be read", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
