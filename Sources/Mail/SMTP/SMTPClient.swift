import FoundationEssentials
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail over SMTP (RFC 5321) on SwiftNIO: one connection per message, STARTTLS or TLS as
/// ``SMTPSettings`` says, `AUTH PLAIN` (or `LOGIN`) only inside TLS (or to this machine), every
/// reply awaited with a deadline. Errors are ``MailError``: temporary (4xx, network) or permanent (5xx).
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings
    public let sender: MailAddress
    let group: any EventLoopGroup

    public init(settings: SMTPSettings, sender: MailAddress, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.settings = settings
        self.sender = sender
        self.group = group
    }

    /// Delivers `message` to the server (which then owns it).
    public func send(_ message: MailMessage, id: String, date: Date = Date()) async throws {
        let tls = try tlsContext()
        let session = try await SMTPSession.open(settings: settings, tls: settings.security == .implicitTLS ? tls : nil, group: group)
        defer { session.close() }
        try session.expect(try await session.reply(), 220, "greeting")
        var extensions = try await session.hello()
        var encrypted = settings.security == .implicitTLS
        if settings.security == .startTLS {
            if extensions.contains("STARTTLS") {
                try session.expect(try await session.command("STARTTLS"), 220, "STARTTLS")
                try await session.startTLS(tls, serverName: serverName)
                encrypted = true
                extensions = try await session.hello()
            } else if !settings.isLoopback {
                throw MailError.permanent("\(settings.host) does not offer STARTTLS; BandUp will not send mail or a password in the clear")
            }
        }
        if let username = settings.username, let password = settings.password {
            guard encrypted || settings.isLoopback else {
                throw MailError.permanent("BandUp will not send the SMTP password to \(settings.host) without TLS")
            }
            try await authenticate(session, username: username, password: password, extensions: extensions)
        }
        try session.expect(try await session.command("MAIL FROM:<\(Self.envelope(sender.address))>"), 250, "MAIL FROM")
        let accepted = try await session.command("RCPT TO:<\(Self.envelope(message.to))>")
        guard accepted.code == 250 || accepted.code == 251 else { throw Self.refusal(accepted, "RCPT TO") }
        try session.expect(try await session.command("DATA"), 354, "DATA")
        try session.expect(try await session.command(Self.dotStuffed(message.rendered(from: sender, id: id, date: date)) + "."), 250, "the message")
        _ = try? await session.command("QUIT")
    }

    private func authenticate(_ session: SMTPSession, username: String, password: String, extensions: Set<String>) async throws {
        let mechanisms = extensions.first(where: { $0.hasPrefix("AUTH ") }).map { Set($0.split(separator: " ").dropFirst().map(String.init)) } ?? []
        if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
            let credentials = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try session.expect(try await session.command("AUTH PLAIN \(credentials)", secret: true), 235, "AUTH PLAIN")
        } else {
            try session.expect(try await session.command("AUTH LOGIN"), 334, "AUTH LOGIN")
            try session.expect(try await session.command(Data(username.utf8).base64EncodedString(), secret: true), 334, "AUTH LOGIN user")
            try session.expect(try await session.command(Data(password.utf8).base64EncodedString(), secret: true), 235, "AUTH LOGIN password")
        }
    }

    private var serverName: String? {
        settings.host.contains(where: { $0.isLetter }) && !settings.host.contains(":") ? settings.host : nil
    }

    private func tlsContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let file = settings.certificateAuthorityFile {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
            } catch {
                throw MailError.invalidConfiguration("cannot read the certificate authorities in '\(file)' (\(error))")
            }
        }
        do { return try NIOSSLContext(configuration: configuration) } catch { throw MailError.invalidConfiguration("TLS: \(error)") }
    }

    /// An address for `MAIL FROM`/`RCPT TO`: no brackets, spaces or line breaks can get through.
    static func envelope(_ address: String) -> String {
        String(String.UnicodeScalarView(address.unicodeScalars.filter { !"<>\r\n \t".unicodeScalars.contains($0) }))
    }

    /// The message with every line that starts with `.` given another (RFC 5321 4.5.2), ending in CRLF.
    static func dotStuffed(_ message: String) -> String {
        var lines = message.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n"
    }

    static func refusal(_ reply: SMTPReply, _ step: String) -> MailError {
        let words = "the mail server refused \(step): \(reply.text.prefix(300))"
        return reply.code >= 500 ? .permanent(words) : .temporary(words)
    }
}

/// One connection's commands and replies.
final class SMTPSession: Sendable {
    let channel: any Channel
    let reader: NIOLoopBound<SMTPReplyReader>
    let timeout: Duration
    let host: String

    private init(channel: any Channel, reader: NIOLoopBound<SMTPReplyReader>, timeout: Duration, host: String) {
        self.channel = channel
        self.reader = reader
        self.timeout = timeout
        self.host = host
    }

    static func open(settings: SMTPSettings, tls: NIOSSLContext?, group: any EventLoopGroup) async throws -> SMTPSession {
        let serverName = settings.host.contains(where: { $0.isLetter }) && !settings.host.contains(":") ? settings.host : nil
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount.nanoseconds(Int64(settings.timeout.components.seconds) * 1_000_000_000))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls { try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName)) }
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyReader())
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
            let reader = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPReplyReader.self), eventLoop: channel.eventLoop)
            }.get()
            return SMTPSession(channel: channel, reader: reader, timeout: settings.timeout, host: settings.host)
        } catch {
            throw MailError.temporary("cannot connect to the mail server \(settings.host):\(settings.port) (\(error))")
        }
    }

    /// The next reply, or a temporary error if none comes within the deadline (the connection is closed).
    func reply(to step: String = "the greeting") async throws -> SMTPReply {
        let loop = channel.eventLoop
        let channel = self.channel
        let deadline = loop.scheduleTask(in: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)) { channel.close(promise: nil) }
        defer { deadline.cancel() }
        do {
            return try await loop.flatSubmit { self.reader.value.next(on: loop) }.get()
        } catch MailError.temporary(let why) {
            throw MailError.temporary("\(why), waiting for the answer to \(step)")
        } catch let error as MailError {
            throw error
        } catch {
            throw MailError.temporary("the mail server did not answer \(step) (\(error))")
        }
    }

    /// Sends one command line and returns its reply. A `secret` line (credentials) is never in an error.
    func command(_ line: String, secret: Bool = false) async throws -> SMTPReply {
        let step = secret ? "the credentials" : line.utf8.count > 100 ? "the message" : String(line.prefix { $0 != " " && $0 != ":" && $0 != "\r" })
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line.hasSuffix("\r\n") ? line : line + "\r\n")
        // A server that stops reading cannot hold the sender: the write has the same deadline as a reply.
        let channel = self.channel
        let deadline = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)) { channel.close(promise: nil) }
        defer { deadline.cancel() }
        do {
            try await channel.writeAndFlush(buffer)
        } catch {
            throw MailError.temporary("cannot send \(step) to the mail server (\(error))")
        }
        return try await reply(to: step)
    }

    /// EHLO, and the extensions the server offers (uppercased: `STARTTLS`, `AUTH PLAIN LOGIN`, …).
    func hello() async throws -> Set<String> {
        let reply = try await command("EHLO bandup")
        try expect(reply, 250, "EHLO")
        return Set(reply.lines.dropFirst().map { $0.uppercased() })
    }

    func startTLS(_ context: NIOSSLContext, serverName: String?) async throws {
        let drained: Bool
        do {
            drained = try await channel.eventLoop.submit {
                // Anything the server sent in the clear after its 220 would be read as an answer under TLS.
                guard self.reader.value.isDrained else { return false }
                try self.channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: serverName), position: .first)
                return true
            }.get()
        } catch {
            throw MailError.temporary("TLS with the mail server failed (\(error))")
        }
        guard drained else { throw MailError.temporary("the mail server sent more than its answer to STARTTLS; the connection is not trusted") }
    }

    func expect(_ reply: SMTPReply, _ code: Int, _ step: String) throws {
        guard reply.code == code else { throw SMTPClient.refusal(reply, step) }
    }

    func close() { channel.close(promise: nil) }
}
