/// A Redis reply (RESP2).
public enum RESPValue: Sendable, Equatable {
    /// `+OK`
    case status(String)
    /// `-ERR ...`: a command error reported by the server.
    case error(String)
    case integer(Int)
    /// A bulk string (bytes; usually UTF-8 text).
    case bulk([UInt8])
    /// A null bulk string or null array.
    case null
    case array([RESPValue])

    /// The value as text, for status replies and bulk strings.
    public var string: String? {
        switch self {
        case .status(let s): s
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        case .integer(let i): String(i)
        default: nil
        }
    }

    /// The value as an integer, for integer replies and numeric bulk strings.
    public var int: Int? {
        switch self {
        case .integer(let i): i
        case .bulk: string.flatMap { Int($0) }
        default: nil
        }
    }

    /// The elements of an array reply; `[]` for null.
    public var array: [RESPValue]? {
        switch self {
        case .array(let items): items
        case .null: []
        default: nil
        }
    }

    public var isNull: Bool { self == .null }

    /// The value itself, or ``RedisError/server(_:)`` for an error reply (pipelines return error replies as values).
    public func checked() throws -> RESPValue {
        if case .error(let message) = self { throw RedisError.server(message) }
        return self
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 (Redis's `PX`, `PEXPIRE` and `BLOCK` arguments).
    public var redisMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return Swift.max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
