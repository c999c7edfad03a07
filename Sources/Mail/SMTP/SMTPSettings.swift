import FoundationEssentials

/// Where mail goes out, from `SMTP_URL`:
///
/// - `smtp://user:password@host:587`: STARTTLS, required (a server that does not offer it is
///   refused, so passwords and mail never cross the network in the clear); on a loopback host
///   STARTTLS is used when offered and plain SMTP otherwise (a local relay or a test sink).
/// - `smtps://user:password@host:465`: TLS from the first byte.
/// - `?ca=/path/to/authorities.pem` trusts those certificate authorities instead of the system's.
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: Sendable, Equatable {
        case startTLS
        case implicitTLS
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    public var certificateAuthorityFile: String?
    /// How long a connection attempt or one reply may take.
    public var timeout: Duration = .seconds(30)

    public init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
                certificateAuthorityFile: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.certificateAuthorityFile = certificateAuthorityFile
    }

    /// Reads `SMTP_URL`; the error says what is wrong with it (never echoing the password).
    public init(url: String) throws(MailError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw .invalidConfiguration("SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465")
        }
        switch scheme {
        case "smtp": security = .startTLS
        case "smtps": security = .implicitTLS
        default: throw .invalidConfiguration("SMTP_URL's scheme must be smtp (STARTTLS) or smtps (TLS), not '\(scheme)'")
        }
        self.host = host
        port = components.port ?? (security == .implicitTLS ? 465 : 587)
        // URLComponents decodes them already (a password may hold a literal %).
        username = components.user
        password = components.password
        certificateAuthorityFile = components.queryItems?.first(where: { $0.name == "ca" })?.value
        if username != nil, password == nil { throw .invalidConfiguration("SMTP_URL names a user but no password") }
    }

    /// Whether the server is on this machine (where plain SMTP is allowed when STARTTLS is not offered).
    var isLoopback: Bool { ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host.lowercased()) }
}

/// Why a mail could not be sent.
public enum MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The settings are wrong (a bad `SMTP_URL`).
    case invalidConfiguration(String)
    /// Worth trying again later: the server is unreachable, busy or answered 4xx.
    case temporary(String)
    /// Trying again will not help: the server refused this message or this sender for good (5xx).
    case permanent(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): "mail is misconfigured: \(message)"
        case .temporary(let message): message
        case .permanent(let message): message
        }
    }
}
