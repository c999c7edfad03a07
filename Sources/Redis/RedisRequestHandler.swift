import NIOCore

/// One request on a connection: the encoded commands and where their replies go.
struct RedisRequest {
    var bytes: ByteBuffer
    /// How many replies the request expects (a pipeline sends several commands at once).
    var replyCount: Int
    var promise: EventLoopPromise<[RESPValue]>
}

/// Matches replies to requests in order (Redis answers in order, which makes pipelining free),
/// fails everything pending when the connection closes, and closes it when a reply is late.
final class RedisRequestHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var remaining: Int
        var replies: [RESPValue]
        var promise: EventLoopPromise<[RESPValue]>
        var timeout: Scheduled<Void>?
    }

    private var pending: CircularBuffer<Pending> = []
    private let timeout: TimeAmount?
    private var failure: RedisError?

    init(timeout: TimeAmount?) { self.timeout = timeout }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        guard request.replyCount > 0 else {
            request.promise.succeed([])
            return
        }
        var entry = Pending(remaining: request.replyCount, replies: [], promise: request.promise, timeout: nil)
        if let timeout {
            entry.timeout = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
                self?.timedOut(context: context)
            }
        }
        entry.replies.reserveCapacity(request.replyCount)
        pending.append(entry)
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        guard !pending.isEmpty else {
            // A reply nobody asked for: the stream is out of step, so it cannot be trusted.
            failAll(.protocolError("unexpected reply \(value)"), context: context)
            return
        }
        pending[pending.startIndex].replies.append(value)
        pending[pending.startIndex].remaining -= 1
        if pending[pending.startIndex].remaining == 0 {
            let done = pending.removeFirst()
            done.timeout?.cancel()
            done.promise.succeed(done.replies)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error as? RedisError ?? .unavailable("\(error)"), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(failure ?? .connectionClosed, context: nil)
        context.fireChannelInactive()
    }

    private func timedOut(context: ChannelHandlerContext) {
        failAll(.timeout, context: context)
    }

    private func failAll(_ error: RedisError, context: ChannelHandlerContext?) {
        if failure == nil { failure = error }
        while let entry = pending.popFirst() {
            entry.timeout?.cancel()
            entry.promise.fail(error)
        }
        context?.close(promise: nil)
    }
}
