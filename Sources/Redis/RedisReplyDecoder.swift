import CHiredis
import NIOCore

/// Turns bytes from Redis into replies with hiredis's reply reader.
final class RedisReplyDecoder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = RESPValue

    private var reader: UnsafeMutablePointer<redisReader>?

    init() { reader = redisReaderCreate() }

    deinit { if let reader { redisReaderFree(reader) } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let reader else { return }
        var buffer = unwrapInboundIn(data)
        let fed = buffer.readWithUnsafeReadableBytes { bytes -> (Int, Int32) in
            let status = redisReaderFeed(reader, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
            return (bytes.count, status)
        }
        guard fed == REDIS_OK else { return fail(context, reader) }
        while true {
            var raw: UnsafeMutableRawPointer? = nil
            guard redisReaderGetReply(reader, &raw) == REDIS_OK else { return fail(context, reader) }
            guard let raw else { return } // needs more bytes
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            let value = Self.value(of: reply)
            freeReplyObject(raw)
            context.fireChannelRead(wrapInboundOut(value))
        }
    }

    private func fail(_ context: ChannelHandlerContext, _ reader: UnsafeMutablePointer<redisReader>) {
        let message = withUnsafeBytes(of: reader.pointee.errstr) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        context.fireErrorCaught(RedisError.protocolError(message.isEmpty ? "unreadable reply" : message))
        context.close(promise: nil)
    }

    /// Converts hiredis's reply tree into a Swift value.
    static func value(of reply: UnsafeMutablePointer<redisReply>) -> RESPValue {
        let r = reply.pointee
        func text() -> [UInt8] {
            guard let str = r.str else { return [] }
            return Array(UnsafeRawBufferPointer(start: str, count: Int(r.len)))
        }
        switch r.type {
        case REDIS_REPLY_STRING: return .bulk(text())
        case REDIS_REPLY_STATUS: return .status(String(decoding: text(), as: UTF8.self))
        case REDIS_REPLY_ERROR: return .error(String(decoding: text(), as: UTF8.self))
        case REDIS_REPLY_INTEGER: return .integer(Int(r.integer))
        case REDIS_REPLY_ARRAY:
            var items: [RESPValue] = []
            items.reserveCapacity(Int(r.elements))
            for i in 0..<Int(r.elements) {
                if let element = r.element[i] { items.append(value(of: element)) } else { items.append(.null) }
            }
            return .array(items)
        default: return .null
        }
    }
}
