import Foundation

/// A throwaway certificate authority and a server certificate it signed for `localhost` and
/// 127.0.0.1 (made with the openssl command), for TLS to the test PostgreSQL and Redis servers.
public struct TestCertificates: Sendable {
    public let directory: String
    /// The authority's certificate (PEM): what a client trusts.
    public var authorityFile: String { "\(directory)/ca.pem" }
    public var certificateFile: String { "\(directory)/server.pem" }
    public var keyFile: String { "\(directory)/server.key" }

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bandup-tls-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, keyEncipherment
            extendedKeyUsage = serverAuth
            subjectAltName = DNS:localhost, IP:127.0.0.1
            """.write(toFile: "\(directory)/server.ext", atomically: true, encoding: .utf8)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Self.openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=BandUp test authority",
                                                   "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], in: directory)
        try Self.openssl(["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"], in: directory)
        try Self.openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
                          "-days", "2", "-extfile", "server.ext"], in: directory)
    }

    private static func openssl(_ arguments: [String], in directory: String) throws {
        let (status, output) = try ChildProcess.run("/usr/bin/openssl", arguments, in: URL(fileURLWithPath: directory))
        guard status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments.joined(separator: " ")) failed: \(output)"])
        }
    }
}
