import Foundation
import Mail

/// How mail goes out: `SMTP_URL` (absent in development: messages wait in the outbox and show on
/// `/dev/mail`; production refuses to start without it), the sender, and the tries before a
/// message is dead.
struct MailSettings: Sendable {
    var smtp: SMTPSettings?
    /// `MAIL_FROM`, e.g. `BandUp <no-reply@bandup.example>` or just the address.
    var sender = MailAddress(address: "no-reply@bandup.invalid", name: "BandUp")
    /// `MAIL_MAX_ATTEMPTS`.
    var maxAttempts = 8
    /// `MAIL_RETRY_SECONDS`: the wait after a first failure (it doubles after each, at most an hour).
    var firstRetrySeconds = 30

    static func load(_ value: (String) -> String?, number: (String, String, Int, ClosedRange<Int>) -> Int,
                     production: Bool) -> (MailSettings, [String]) {
        var settings = MailSettings(), problems: [String] = []
        if let url = value("smtpUrl") {
            do { settings.smtp = try SMTPSettings(url: url) } catch { problems.append("SMTP_URL: \(error)") }
        } else if production {
            problems.append("SMTP_URL is not set (production sends password resets and verification links by mail)")
        }
        if let from = value("mailFrom") {
            if let parsed = parse(from) { settings.sender = parsed } else {
                problems.append("MAIL_FROM: '\(from)' is not an address such as 'BandUp <no-reply@bandup.example>'")
            }
        } else if production {
            problems.append("MAIL_FROM is not set (the address BandUp's mail comes from)")
        }
        settings.maxAttempts = number("mailMaxAttempts", "MAIL_MAX_ATTEMPTS", 8, 1...50)
        settings.firstRetrySeconds = number("mailRetrySeconds", "MAIL_RETRY_SECONDS", 30, 1...3600)
        return (settings, problems)
    }

    /// `Name <address>` or `address`.
    static func parse(_ text: String) -> MailAddress? {
        var name = "BandUp", address = text
        if let open = text.lastIndex(of: "<"), text.hasSuffix(">") {
            name = text[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        }
        let parts = address.split(separator: "@")
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !address.contains(where: { " <>\r\n".contains($0) }) else { return nil }
        return MailAddress(address: address, name: name.isEmpty ? "BandUp" : name)
    }
}
