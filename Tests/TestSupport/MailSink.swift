import Foundation

/// A real SMTP server for tests (`Tests/StandIns/mail_sink.py`, aiosmtpd) that keeps every message
/// it accepts; it can be stopped and started again on the same port (mail server down).
public final class MailSink: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    private let options: [String]
    private var server: ServerProcess?

    /// `tls` offers (and requires) STARTTLS with that certificate; `login` requires AUTH.
    public init(tls: TestCertificates? = nil, login: (user: String, password: String)? = nil) throws {
        port = LoopbackPort.free()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bandup-mail-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var options: [String] = []
        if let tls { options += ["--tls", tls.certificateFile, tls.keyFile] }
        if let login { options += ["--auth", "\(login.user):\(login.password)"] }
        self.options = options
        try start()
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// `SMTP_URL` for this sink (plain SMTP on loopback, or STARTTLS with the test authority).
    public func url(login: (user: String, password: String)? = nil, authorityFile: String? = nil) -> String {
        let credentials = login.map { "\($0.user):\($0.password)@" } ?? ""
        return "smtp://\(credentials)127.0.0.1:\(port)" + (authorityFile.map { "?ca=\($0)" } ?? "")
    }

    public func start() throws {
        server = try ServerProcess(["python3", BandUpProcess.repositoryRoot.appendingPathComponent("Tests/StandIns/mail_sink.py").path,
                                    "{port}", directory.path] + options, what: "the SMTP sink (pip aiosmtpd)", port: port)
    }

    /// Kills the server: connections are refused until ``start()``.
    public func stop() { server = nil }

    /// Every message received so far, oldest first.
    public func messages() -> [SunkMail] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        return names.compactMap { name in
            let base = directory.appendingPathComponent(String(name.dropLast(4)))
            guard let raw = try? String(contentsOf: base.appendingPathExtension("eml"), encoding: .utf8),
                  let meta = try? Data(contentsOf: base.appendingPathExtension("json")),
                  let envelope = try? JSONSerialization.jsonObject(with: meta) as? [String: Any] else { return nil }
            return SunkMail(raw: raw, recipients: envelope["to"] as? [String] ?? [], tls: envelope["tls"] as? Bool ?? false,
                            login: envelope["login"] as? String)
        }
    }

    /// Waits (at most `timeout`) until a message to `recipient` (with `subject`, if given) beyond
    /// the first `after` has arrived.
    public func waitForMail(to recipient: String, subject: String? = nil, after count: Int = 0,
                            timeout: Duration = .seconds(30)) async throws -> SunkMail? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let found = messages().filter { $0.recipients.contains(recipient) && (subject == nil || $0.subject == subject) }
            if found.count > count { return found[count] }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }
}

/// A message as the SMTP server received it, with its MIME parts decoded.
public struct SunkMail: Sendable {
    public let raw: String
    public let recipients: [String]
    /// Whether the session was under TLS (STARTTLS) when the message was sent.
    public let tls: Bool
    /// Who authenticated, if anyone.
    public let login: String?

    /// The value of the header `name` (first occurrence, unfolded).
    public func header(_ name: String) -> String? {
        let head = raw.components(separatedBy: "\r\n\r\n").first ?? raw
        let prefix = name.lowercased() + ":"
        return head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix(prefix) }
            .map { String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
    }

    /// The subject, RFC 2047 encoded words decoded.
    public var subject: String {
        let value = header("Subject") ?? ""
        guard value.hasPrefix("=?UTF-8?B?"), value.hasSuffix("?="),
              let data = Data(base64Encoded: String(value.dropFirst(10).dropLast(2))) else { return value }
        return String(decoding: data, as: UTF8.self)
    }

    public var text: String { part("text/plain") ?? "" }
    public var html: String { part("text/html") ?? "" }

    /// The first link in the text part that starts with `prefix`.
    public func link(startingWith prefix: String) -> String? {
        text.components(separatedBy: .whitespacesAndNewlines).first { $0.hasPrefix(prefix) }
    }

    /// A part's body (base64 decoded), found by its content type.
    private func part(_ type: String) -> String? {
        guard let boundary = raw.firstMatch(of: /boundary="([^"]+)"/)?.1 else { return nil }
        for section in raw.components(separatedBy: "--" + boundary) {
            let pieces = section.components(separatedBy: "\r\n\r\n")
            guard pieces.count >= 2, pieces[0].lowercased().contains("content-type: \(type)") else { continue }
            let body = pieces.dropFirst().joined(separator: "\r\n\r\n").components(separatedBy: .whitespacesAndNewlines).joined()
            guard let data = Data(base64Encoded: body) else { return nil }
            return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        }
        return nil
    }
}
