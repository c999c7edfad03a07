import NIOCore

/// One SMTP reply: its three-digit code and its lines (without the code), e.g. the EHLO
/// reply's extensions.
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    var text: String { "\(code) " + lines.joined(separator: " / ") }
}

/// Reads the server's bytes into replies (multi-line replies `250-…` up to `250 …` joined) and
/// hands each to the command waiting for it, in order. Runs on the channel's event loop.
final class SMTPReplyReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var pending: [UInt8] = []
    private var lines: [String] = []
    private var replies: CircularBuffer<SMTPReply> = []
    private var waiting: CircularBuffer<EventLoopPromise<SMTPReply>> = []
    private var failure: MailError?
    /// A reply longer than this is not SMTP.
    private static let longest = 64 * 1024

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
        while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = pending[..<end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            pending.removeSubrange(...end)
            read(line: String(decoding: line, as: UTF8.self))
        }
        if pending.count > Self.longest { fail(.temporary("the mail server sent a line longer than 64 KB")); context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.temporary("the mail server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.temporary("the connection to the mail server failed (\(error))"))
        context.close(promise: nil)
    }

    /// Whether nothing the server sent is waiting to be read: true right after STARTTLS's 220, or
    /// else bytes sent in the clear would be read as answers after TLS is up.
    var isDrained: Bool { pending.isEmpty && replies.isEmpty && lines.isEmpty }

    /// The next reply, when it arrives (or at once if it already has).
    func next(on loop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if let reply = replies.popFirst() { return loop.makeSucceededFuture(reply) }
        if let failure { return loop.makeFailedFuture(failure) }
        let promise = loop.makePromise(of: SMTPReply.self)
        waiting.append(promise)
        return promise.futureResult
    }

    private func read(line: String) {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200...599).contains(code) else {
            fail(.temporary("the mail server's reply is not SMTP: \(line.prefix(80))"))
            return
        }
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        if bytes.count > 3, bytes[3] == UInt8(ascii: "-") { return }
        let reply = SMTPReply(code: code, lines: lines)
        lines = []
        if let promise = waiting.popFirst() { promise.succeed(reply) } else { replies.append(reply) }
    }

    private func fail(_ error: MailError) {
        if failure == nil { failure = error }
        while let promise = waiting.popFirst() { promise.fail(error) }
    }
}
