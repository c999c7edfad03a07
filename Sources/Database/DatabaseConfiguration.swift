import NIOSSL
import PostgresNIO

/// Where PostgreSQL is, from a `DATABASE_URL` such as `postgres://bandup:secret@127.0.0.1:5432/bandup`.
public struct DatabaseConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// TLS is required unless `sslmode=disable` (local development and tests).
    public var requiresTLS: Bool
    /// The certificate authorities (PEM) the server's certificate must chain to, from `sslrootcert=`
    /// (RDS's bundle in production); nil trusts the system's roots.
    public var certificateAuthorityFile: String?

    public init(host: String, port: Int = 5432, username: String, password: String?, database: String, requiresTLS: Bool) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.requiresTLS = requiresTLS
    }

    /// Parses `postgres://user[:password]@host[:port]/database[?sslmode=disable|require][&sslrootcert=/path.pem]`.
    /// With TLS the server's certificate is always verified, name included (stricter than libpq's `require`).
    public init(url: String) throws {
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: url.hasPrefix) else {
            throw DatabaseError.invalidConfiguration("DATABASE_URL must start with postgres:// (got \(url.isEmpty ? "nothing" : "another scheme"))")
        }
        var rest = Substring(url.dropFirst(scheme.count))
        var requiresTLS = true
        var certificateAuthorityFile: String?
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                switch (parts[0], parts[1]) {
                case ("sslmode", "disable"): requiresTLS = false
                case ("sslmode", "require"), ("sslmode", "verify-full"), ("sslmode", "verify-ca"): requiresTLS = true
                case ("sslmode", let mode): throw DatabaseError.invalidConfiguration("sslmode must be disable or require, not '\(mode)'")
                case ("sslrootcert", let path):
                    guard let decoded = path.removingPercentEncoding, decoded.hasPrefix("/") else {
                        throw DatabaseError.invalidConfiguration("sslrootcert must be an absolute path to a PEM file")
                    }
                    certificateAuthorityFile = decoded
                default: continue
                }
            }
            rest = rest[..<question]
        }
        guard let at = rest.lastIndex(of: "@") else { throw DatabaseError.invalidConfiguration("DATABASE_URL needs a user: postgres://user@host/database") }
        let credentials = rest[..<at]
        var location = rest[rest.index(after: at)...]
        let user: String
        var password: String? = nil
        if let colon = credentials.firstIndex(of: ":") {
            user = String(credentials[..<colon]).removingPercentEncoding ?? ""
            password = String(credentials[credentials.index(after: colon)...]).removingPercentEncoding
        } else {
            user = String(credentials).removingPercentEncoding ?? ""
        }
        guard !user.isEmpty else { throw DatabaseError.invalidConfiguration("DATABASE_URL has an empty user") }
        guard let slash = location.firstIndex(of: "/"), location.index(after: slash) < location.endIndex else {
            throw DatabaseError.invalidConfiguration("DATABASE_URL needs a database name: postgres://user@host/database")
        }
        let database = String(location[location.index(after: slash)...])
        location = location[..<slash]
        var port = 5432
        if let colon = location.lastIndex(of: ":") {
            guard let p = Int(location[location.index(after: colon)...]), (1...65535).contains(p) else {
                throw DatabaseError.invalidConfiguration("the port in DATABASE_URL must be 1-65535")
            }
            port = p
            location = location[..<colon]
        }
        guard !location.isEmpty else { throw DatabaseError.invalidConfiguration("DATABASE_URL has no host") }
        self.init(host: String(location), port: port, username: user, password: password, database: database, requiresTLS: requiresTLS)
        self.certificateAuthorityFile = certificateAuthorityFile
    }

    /// PostgresNIO's client configuration.
    public var clientConfiguration: PostgresClient.Configuration {
        var verified = TLSConfiguration.makeClientConfiguration()
        if let certificateAuthorityFile { verified.trustRoots = .file(certificateAuthorityFile) }
        return PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database,
                                            tls: requiresTLS ? .require(verified) : .disable)
    }
}

extension String {
    fileprivate var removingPercentEncoding: String? {
        var bytes: [UInt8] = []
        var input = Array(utf8)[...]
        while let b = input.popFirst() {
            if b == UInt8(ascii: "%") {
                guard input.count >= 2, let v = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                bytes.append(v)
                input = input.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
