/// What can go wrong talking to Redis.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Redis could not be reached (refused, reset, DNS, TLS...). Callers should treat Redis as unavailable.
    case unavailable(String)
    /// The connection closed before the reply arrived; the command may or may not have run.
    case connectionClosed
    /// No reply within the configured timeout; the connection was closed.
    case timeout
    /// The server answered with an error reply (`-ERR ...`).
    case server(String)
    /// The server sent bytes hiredis could not parse.
    case protocolError(String)
    /// A reply of an unexpected shape for the command.
    case unexpectedReply(String)
    /// The configuration (URL) is invalid.
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .unavailable(let why): "Redis is unavailable: \(why)"
        case .connectionClosed: "the Redis connection closed before the reply arrived"
        case .timeout: "Redis did not answer in time"
        case .server(let message): "Redis error: \(message)"
        case .protocolError(let why): "Redis protocol error: \(why)"
        case .unexpectedReply(let what): "unexpected Redis reply: \(what)"
        case .invalidConfiguration(let why): "invalid Redis configuration: \(why)"
        }
    }
}
