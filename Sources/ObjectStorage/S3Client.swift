import AWSSigning
import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// A small S3 client over AsyncHTTPClient, signed with Signature Version 4: what BandUp needs to
/// publish assets and keep learners' recordings. Throttling and server errors are retried with
/// exponential backoff.
public struct S3Client: Sendable {
    public let configuration: S3Configuration
    let http: HTTPClient
    /// Attempts per request (the first plus retries).
    public var attempts = 4
    /// The current time (tests fix it).
    var now: @Sendable () -> Date = { Date() }

    public init(configuration: S3Configuration, http: HTTPClient = .shared) {
        self.configuration = configuration
        self.http = http
    }

    /// A signer with the credentials of the moment (a task role's keys change every few hours).
    func signer() async throws -> SigV4Signer {
        SigV4Signer(credentials: try await configuration.credentials.credentials(), region: configuration.region, service: "s3",
                    normalizesPath: false, signsPayloadHeader: true)
    }

    /// What S3 knows about an object.
    public struct ObjectInfo: Sendable, Equatable {
        public let key: String
        public let size: Int
        /// The ETag without quotes (the hex MD5 for single-part uploads).
        public let etag: String
        public var contentType: String?
        public var cacheControl: String?

        public init(key: String, size: Int, etag: String, contentType: String? = nil, cacheControl: String? = nil) {
            self.key = key
            self.size = size
            self.etag = etag
            self.contentType = contentType
            self.cacheControl = cacheControl
        }
    }

    // MARK: Objects

    /// Creates the bucket (tests and first-time setup; production buckets come from CloudFormation).
    public func createBucket() async throws {
        let body: [UInt8] = configuration.region == "us-east-1" ? [] : Array(
            "<CreateBucketConfiguration><LocationConstraint>\(configuration.region)</LocationConstraint></CreateBucketConfiguration>".utf8)
        _ = try await send("PUT", key: "", headers: body.isEmpty ? [] : [("Content-Length", String(body.count))], body: body)
    }

    /// Stores `body` under `key`; returns the ETag.
    @discardableResult
    public func putObject(_ key: String, body: [UInt8], contentType: String, cacheControl: String? = nil) async throws -> String {
        var headers: [(String, String)] = [("Content-Type", contentType), ("Content-Length", String(body.count)),
                                           ("Content-MD5", Data(Insecure.MD5.hash(data: body)).base64EncodedString())]
        if let cacheControl { headers.append(("Cache-Control", cacheControl)) }
        let response = try await send("PUT", key: key, headers: headers, body: body)
        return Self.unquote(response.headers.first(name: "ETag") ?? "")
    }

    /// The object's metadata, or nil when there is no such object.
    public func headObject(_ key: String) async throws -> ObjectInfo? {
        do {
            let response = try await send("HEAD", key: key)
            return ObjectInfo(key: key, size: Int(response.headers.first(name: "Content-Length") ?? "") ?? 0,
                              etag: Self.unquote(response.headers.first(name: "ETag") ?? ""),
                              contentType: response.headers.first(name: "Content-Type"), cacheControl: response.headers.first(name: "Cache-Control"))
        } catch let error as S3Error where error.status == 404 {
            return nil
        }
    }

    /// The whole object (for small objects: manifests, recordings are streamed by `Storage`).
    public func getObject(_ key: String, maximumSize: Int = 64 << 20) async throws -> [UInt8] {
        let response = try await send("GET", key: key, collectUpTo: maximumSize)
        return Array(response.body.readableBytesView)
    }

    /// The object as a stream of chunks, as S3 sends them (recordings, media); nil when missing.
    public func streamObject(_ key: String) async throws -> (info: ObjectInfo, chunks: AsyncThrowingStream<ByteBuffer, any Error>)? {
        let location = configuration.location(of: key)
        let signable = SignableRequest(method: "GET", path: location.path, headers: [("host", location.host)], payloadHash: SignableRequest.emptyPayloadHash)
        var request = HTTPClientRequest(url: location.url)
        for header in try await signer().sign(signable, date: now()).headers { request.headers.add(name: header.name, value: header.value) }
        let response = try await http.execute(request, timeout: .seconds(300))
        guard response.status.code == 200 else {
            let body = try await response.body.collect(upTo: 1 << 16)
            if response.status.code == 404 { return nil }
            let top = S3XML.parse(Data(body.readableBytesView)).top
            throw S3Error(status: Int(response.status.code), code: top["Code"] ?? response.status.reasonPhrase, message: top["Message"] ?? "")
        }
        let info = ObjectInfo(key: key, size: Int(response.headers.first(name: "Content-Length") ?? "") ?? 0,
                              etag: Self.unquote(response.headers.first(name: "ETag") ?? ""), contentType: response.headers.first(name: "Content-Type"),
                              cacheControl: response.headers.first(name: "Cache-Control"))
        let body = response.body
        let chunks = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
            let task = Task {
                do {
                    for try await chunk in body { continuation.yield(chunk) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return (info, chunks)
    }

    /// Deletes up to 1,000 keys per request; returns the keys S3 could not delete.
    public func deleteObjects(_ keys: [String]) async throws -> [String] {
        var failed: [String] = []
        for start in stride(from: 0, to: keys.count, by: 1000) {
            let batch = keys[start..<min(start + 1000, keys.count)]
            let xml = "<Delete><Quiet>true</Quiet>" + batch.map { "<Object><Key>\(Self.xmlEscape($0))</Key></Object>" }.joined() + "</Delete>"
            let body = Array(xml.utf8)
            let response = try await send("POST", key: "", query: "delete=", headers: [
                ("Content-Type", "application/xml"), ("Content-Length", String(body.count)),
                ("Content-MD5", Data(Insecure.MD5.hash(data: body)).base64EncodedString()),
            ], body: body)
            failed += S3XML.parse(Data(response.body.readableBytesView), record: "Error").records.compactMap { $0["Key"] }
        }
        return failed
    }

    /// Every object under `prefix`, following continuation tokens.
    public func listObjects(prefix: String = "") async throws -> [ObjectInfo] {
        var objects: [ObjectInfo] = []
        var token: String?
        repeat {
            var query = "list-type=2&max-keys=1000"
            if !prefix.isEmpty { query += "&prefix=\(SigV4Signer.uriEncode(prefix))" }
            if let token { query += "&continuation-token=\(SigV4Signer.uriEncode(token))" }
            let response = try await send("GET", key: "", query: query, collectUpTo: 16 << 20)
            let (records, top) = S3XML.parse(Data(response.body.readableBytesView), record: "Contents")
            objects += records.compactMap { record in
                record["Key"].map { ObjectInfo(key: $0, size: Int(record["Size"] ?? "") ?? 0, etag: Self.unquote(record["ETag"] ?? "")) }
            }
            token = top["IsTruncated"] == "true" ? top["NextContinuationToken"] : nil
        } while token != nil
        return objects
    }

    /// A URL that lets anyone GET `key` for `expires` seconds (SigV4 query signing).
    public func presignedGetURL(_ key: String, expires: Int = 900) async throws -> String {
        let location = configuration.location(of: key)
        let request = SignableRequest(method: "GET", path: location.path, headers: [("host", location.host)], payloadHash: "UNSIGNED-PAYLOAD")
        var presigner = try await signer()
        presigner.signsPayloadHeader = false
        let signed = presigner.presign(request, date: now(), expires: expires)
        return location.url.split(separator: "?").first.map(String.init)! + "?" + signed.query
    }

    // MARK: Requests

    struct Answer {
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
    }

    func send(_ method: String, key: String, query: String = "", headers: [(String, String)] = [], body: [UInt8] = [],
              collectUpTo limit: Int = 1 << 20) async throws -> Answer {
        var delay = Duration.milliseconds(100)
        for attempt in 1...attempts {
            do {
                return try await sendOnce(method, key: key, query: query, headers: headers, body: body, collectUpTo: limit)
            } catch let error as S3Error where error.isRetryable && attempt < attempts {
                try await Task.sleep(for: delay)
                delay *= 3
            } catch let error as HTTPClientError where attempt < attempts && [.remoteConnectionClosed, .readTimeout, .connectTimeout].contains(error) {
                try await Task.sleep(for: delay)
                delay *= 3
            }
        }
        throw S3Error(status: 0, code: "Unreachable", message: "gave up")
    }

    private func sendOnce(_ method: String, key: String, query: String, headers: [(String, String)], body: [UInt8], collectUpTo limit: Int) async throws -> Answer {
        let location = configuration.location(of: key, query: query)
        let payloadHash = SigV4Signer.hex(SHA256.hash(data: body))
        let signable = SignableRequest(method: method, path: location.path, query: query, headers: [("host", location.host)] + headers.map { ($0.0, $0.1) },
                                       payloadHash: payloadHash)
        let signing = try await signer().sign(signable, date: now())
        var request = HTTPClientRequest(url: location.url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers + signing.headers.map({ ($0.name, $0.value) }) { request.headers.add(name: name, value: value) }
        if !body.isEmpty { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await http.execute(request, timeout: .seconds(60))
        let collected = method == "HEAD" ? ByteBuffer() : try await response.body.collect(upTo: limit)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let top = S3XML.parse(Data(collected.readableBytesView)).top
            throw S3Error(status: status, code: top["Code"] ?? response.status.reasonPhrase, message: top["Message"] ?? "")
        }
        return Answer(status: status, headers: response.headers, body: collected)
    }

    static func unquote(_ etag: String) -> String { etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }

    static func xmlEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&apos;")
    }
}
