import NIOSSL
import Synchronization

/// TLS to Redis: the server's certificate is verified against the system's trust roots (ElastiCache's
/// are public), or against the certificate authorities in `certificateAuthorityFile` (PEM).
public struct RedisTLS: Sendable, Hashable {
    public var certificateAuthorityFile: String?

    public init(certificateAuthorityFile: String? = nil) {
        self.certificateAuthorityFile = certificateAuthorityFile
    }

    /// One context per TLS setting for the whole process: loading trust roots is not free, and
    /// connections are reopened after every failover.
    func context() throws -> NIOSSLContext {
        try Self.contexts.withLock { contexts in
            if let existing = contexts[self] { return existing }
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.minimumTLSVersion = .tlsv12
            if let certificateAuthorityFile {
                do {
                    configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificateAuthorityFile))
                } catch {
                    throw RedisError.invalidConfiguration("cannot read the certificate authorities in '\(certificateAuthorityFile)' (\(error))")
                }
            }
            let context = try NIOSSLContext(configuration: configuration)
            contexts[self] = context
            return context
        }
    }

    private static let contexts = Mutex<[RedisTLS: NIOSSLContext]>([:])
}
