import NIOCore

/// Where Redis is and how long to wait for it.
public struct RedisConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var database: Int
    /// Connections kept open for ordinary commands (blocking reads get their own).
    public var poolSize: Int
    public var connectTimeout: TimeAmount
    /// How long a command may wait for its reply; nil waits forever (blocking reads add their own block time).
    public var commandTimeout: TimeAmount?
    /// After a failed connection attempt, wait at least this long before trying again (callers get errors meanwhile).
    public var reconnectDelay: TimeAmount
    /// TLS to the server (`rediss://`; ElastiCache with encryption in transit), nil for plain TCP.
    public var tls: RedisTLS?

    public init(host: String = "127.0.0.1", port: Int = 6379, username: String? = nil, password: String? = nil,
                database: Int = 0, poolSize: Int = 4, connectTimeout: TimeAmount = .seconds(1),
                commandTimeout: TimeAmount? = .seconds(2), reconnectDelay: TimeAmount = .milliseconds(200))
    {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectDelay = reconnectDelay
    }

    /// Parses `redis://[[user]:password@]host[:port][/database]`, or `rediss://…` for TLS.
    public init(url: String) throws {
        let secure = url.hasPrefix("rediss://")
        guard url.hasPrefix("redis://") || secure else {
            throw RedisError.invalidConfiguration("REDIS_URL must start with redis:// or rediss:// (got \(url.isEmpty ? "nothing" : "another scheme"))")
        }
        var rest = Substring(url.dropFirst(secure ? "rediss://".count : "redis://".count))
        self.init()
        if secure { tls = RedisTLS() }
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = credentials[..<colon]
                username = user.isEmpty ? nil : String(user)
                password = String(credentials[credentials.index(after: colon)...]).removingPercentEscapes()
            } else {
                password = String(credentials).removingPercentEscapes()
            }
        }
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !path.isEmpty {
                guard let db = Int(path), db >= 0 else { throw RedisError.invalidConfiguration("the database in REDIS_URL must be a number, not '\(path)'") }
                database = db
            }
        }
        if let colon = rest.lastIndex(of: ":") {
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else {
                throw RedisError.invalidConfiguration("the port in REDIS_URL must be 1-65535, not '\(rest[rest.index(after: colon)...])'")
            }
            port = p
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { throw RedisError.invalidConfiguration("REDIS_URL has no host") }
        host = String(rest)
    }
}

extension String {
    /// Decodes `%XX` escapes (passwords in URLs); leaves malformed escapes as they are.
    fileprivate func removingPercentEscapes() -> String {
        var bytes: [UInt8] = []
        var input = Array(utf8)[...]
        while let b = input.popFirst() {
            if b == UInt8(ascii: "%"), input.count >= 2, let v = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                input = input.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
