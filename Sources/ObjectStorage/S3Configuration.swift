import AWSSigning
import Foundation

/// Where a bucket is and how to reach it.
public struct S3Configuration: Sendable {
    public var bucket: String
    public var region: String
    /// A custom endpoint (`http://127.0.0.1:5000` for moto, MinIO, …); nil for AWS.
    public var endpoint: URL?
    /// `endpoint/bucket/key` instead of `bucket.endpoint/key` (custom endpoints usually want it).
    public var pathStyle: Bool
    /// Fixed keys, or a task role's temporary keys (asked for before each request).
    public var credentials: any AWSCredentialSource

    public init(bucket: String, region: String, endpoint: URL? = nil, pathStyle: Bool? = nil, credentials: any AWSCredentialSource) {
        self.bucket = bucket
        self.region = region
        self.endpoint = endpoint
        self.pathStyle = pathStyle ?? (endpoint != nil)
        self.credentials = credentials
    }

    /// The URL of `key` (encoded per segment, as it is signed) and the `Host` header value.
    func location(of key: String, query: String = "") -> (url: String, host: String, path: String) {
        let encodedKey = key.split(separator: "/", omittingEmptySubsequences: false).map { SigV4Signer.uriEncode($0) }.joined(separator: "/")
        let scheme: String
        var host: String
        if let endpoint {
            scheme = endpoint.scheme ?? "https"
            host = endpoint.host ?? "localhost"
            if let port = endpoint.port { host += ":\(port)" }
        } else {
            scheme = "https"
            host = "s3.\(region).amazonaws.com"
        }
        let path: String
        if pathStyle {
            path = "/\(bucket)" + (key.isEmpty ? "/" : "/\(key)")
            let encoded = "/\(SigV4Signer.uriEncode(bucket))" + (key.isEmpty ? "/" : "/\(encodedKey)")
            return ("\(scheme)://\(host)\(encoded)" + (query.isEmpty ? "" : "?\(query)"), host, path)
        }
        host = "\(bucket).\(host)"
        path = "/" + key
        return ("\(scheme)://\(host)/\(encodedKey)" + (query.isEmpty ? "" : "?\(query)"), host, path)
    }
}

/// An error answer from S3 (`<Error><Code>NoSuchKey</Code>…`) or a failure to reach it.
public struct S3Error: Error, CustomStringConvertible, Sendable {
    public let status: Int
    public let code: String
    public let message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "S3 \(status) \(code): \(message)" }

    /// Worth retrying: throttling and server errors.
    var isRetryable: Bool { status >= 500 || status == 429 || code == "SlowDown" || code == "RequestTimeout" }
}
