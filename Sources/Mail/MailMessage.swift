import Foundation

/// One mail to one person: a plain-text part and an HTML part of the same words.
public struct MailMessage: Sendable, Equatable {
    public var to: String
    public var subject: String
    public var text: String
    public var html: String

    public init(to: String, subject: String, text: String, html: String) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }

    /// The message as RFC 5322 text with CRLF line ends: headers, then `multipart/alternative`
    /// with the text part first (the one mail clients fall back to) and the HTML part last. Both
    /// parts are UTF-8 in base64, so no line is too long and no byte needs care on the wire.
    public func rendered(from sender: MailAddress, id: String, date: Date) -> String {
        let boundary = "=_bandup_" + id.filter { $0.isLetter || $0.isNumber }
        var lines = [
            "From: \(sender.header)",
            "To: \(Self.headerSafe(to))",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(id)@\(sender.domain)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
        ]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += ["--\(boundary)", "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines += Self.base64Lines(body)
        }
        lines += ["--\(boundary)--", ""]
        return lines.joined(separator: "\r\n")
    }

    /// A header value with no line breaks (a header cannot be injected through it).
    static func headerSafe(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : $0 }))
    }

    /// The subject as is when it is printable ASCII, else as an RFC 2047 encoded word (UTF-8, base64).
    static func encodedWord(_ value: String) -> String {
        let safe = headerSafe(value)
        if safe.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return safe }
        return "=?UTF-8?B?" + Data(safe.utf8).base64EncodedString() + "?="
    }

    /// Base64 of the body's UTF-8 with CRLF line ends, in lines of 76 characters.
    static func base64Lines(_ body: String) -> [String] {
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Array(Data(normalised.utf8).base64EncodedString().utf8)
        return stride(from: 0, to: encoded.count, by: 76).map { String(decoding: encoded[$0..<min($0 + 76, encoded.count)], as: UTF8.self) }
    }

    /// `Mon, 07 Dec 2026 04:10:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}

/// A sender: an address and the name shown beside it.
public struct MailAddress: Sendable, Equatable {
    public var address: String
    public var name: String

    public init(address: String, name: String) {
        self.address = address
        self.name = name
    }

    /// `BandUp <no-reply@example.com>`.
    var header: String { "\(MailMessage.encodedWord(name.replacingOccurrences(of: "\"", with: ""))) <\(MailMessage.headerSafe(address))>" }

    /// The part after the `@` (for Message-IDs).
    var domain: String { address.split(separator: "@").last.map(String.init) ?? "bandup.invalid" }
}
