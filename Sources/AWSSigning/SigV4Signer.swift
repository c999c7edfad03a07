import Crypto
import FoundationEssentials

/// AWS Signature Version 4: signs requests in the `Authorization` header or presigns URLs.
///
/// Checked against the official test suite (aws-c-auth's `aws-signing-test-suite/v4`) and the
/// S3 examples of the S3 API reference. S3 wants `normalizesPath: false` and the
/// `x-amz-content-sha256` header (`signsPayloadHeader: true`).
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    /// Remove `.`/`..` segments and repeated slashes before signing (every service but S3).
    public var normalizesPath: Bool
    /// Add and sign `x-amz-content-sha256` (S3 requires it).
    public var signsPayloadHeader: Bool
    /// Leave the session token out of what is signed and add it afterwards (some STS flows).
    public var omitsSessionTokenFromSignature = false

    public init(credentials: AWSCredentials, region: String, service: String, normalizesPath: Bool = true, signsPayloadHeader: Bool = false) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.normalizesPath = normalizesPath
        self.signsPayloadHeader = signsPayloadHeader
    }

    /// The intermediate texts and the signature, for tests and debugging.
    public struct Signing: Sendable {
        public let canonicalRequest: String
        public let stringToSign: String
        public let signature: String
        /// Headers to add to the request (`X-Amz-Date`, `Authorization`, …), or the query to send for a presigned URL.
        public let headers: [(name: String, value: String)]
        public let query: String
    }

    /// Signs `request` at `date`: the headers to add, `Authorization` last.
    public func sign(_ request: SignableRequest, date: Date) -> Signing {
        let stamp = Self.timestamp(date)
        var added: [(name: String, value: String)] = [("X-Amz-Date", stamp)]
        if signsPayloadHeader { added.append(("x-amz-content-sha256", request.payloadHash)) }
        if let token = credentials.sessionToken, !omitsSessionTokenFromSignature { added.append(("X-Amz-Security-Token", token)) }
        var signed = request
        signed.headers += added
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(signed.headers)
        let canonical = [request.method, canonicalPath(request.path), Self.canonicalQuery(request.query), canonicalHeaders, signedHeaders,
                         request.payloadHash].joined(separator: "\n")
        let (stringToSign, signature) = finish(canonical, stamp: stamp)
        if let token = credentials.sessionToken, omitsSessionTokenFromSignature { added.append(("X-Amz-Security-Token", token)) }
        added.append(("Authorization", "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(stamp)), SignedHeaders=\(signedHeaders), Signature=\(signature)"))
        return Signing(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, headers: added, query: request.query)
    }

    /// Presigns `request` (its headers must include `host`) for `expires` seconds: the query to send.
    public func presign(_ request: SignableRequest, date: Date, expires: Int) -> Signing {
        let stamp = Self.timestamp(date)
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(request.headers)
        var parameters = [("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(stamp))"),
                          ("X-Amz-Date", stamp), ("X-Amz-Expires", String(expires)), ("X-Amz-SignedHeaders", signedHeaders)]
        if let token = credentials.sessionToken, !omitsSessionTokenFromSignature { parameters.append(("X-Amz-Security-Token", token)) }
        let extra = parameters.map { "\(Self.uriEncode($0.0))=\(Self.uriEncode($0.1))" }.joined(separator: "&")
        let query = request.query.isEmpty ? extra : request.query + "&" + extra
        let canonical = [request.method, canonicalPath(request.path), Self.canonicalQuery(query), canonicalHeaders, signedHeaders,
                         request.payloadHash].joined(separator: "\n")
        let (stringToSign, signature) = finish(canonical, stamp: stamp)
        return Signing(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, headers: [],
                       query: query + "&X-Amz-Signature=" + signature)
    }

    private func finish(_ canonical: String, stamp: String) -> (String, String) {
        let stringToSign = ["AWS4-HMAC-SHA256", stamp, scope(stamp), Self.hex(SHA256.hash(data: Data(canonical.utf8)))].joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [String(stamp.prefix(8)), region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        return (stringToSign, signature)
    }

    private func scope(_ stamp: String) -> String { "\(stamp.prefix(8))/\(region)/\(service)/aws4_request" }

    // MARK: Canonical forms

    func canonicalPath(_ path: String) -> String {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if normalizesPath {
            var kept: [String] = []
            for segment in segments.dropFirst() {
                switch segment {
                case "", ".": continue
                case "..": _ = kept.popLast()
                default: kept.append(segment)
                }
            }
            let trailing = path.count > 1 && (path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/.."))
            segments = [""] + kept + (trailing && !kept.isEmpty ? [""] : [])
            if kept.isEmpty { return "/" }
        }
        let encoded = segments.map { Self.uriEncode($0) }.joined(separator: "/")
        return encoded.isEmpty ? "/" : encoded
    }

    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (uriEncode(percentDecode(parts[0])), uriEncode(parts.count > 1 ? percentDecode(parts[1]) : ""))
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Lower-case names, sorted; values trimmed with inner runs of spaces collapsed; repeats joined by commas.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (String, String) {
        var byName: [String: [String]] = [:]
        for (name, value) in headers {
            let collapsed = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
            byName[name.lowercased(), default: []].append(collapsed)
        }
        let names = byName.keys.sorted()
        let lines = names.map { "\($0):\(byName[$0]!.joined(separator: ","))\n" }.joined()
        return (lines, names.joined(separator: ";"))
    }

    /// RFC 3986 encoding: everything but `A-Z a-z 0-9 - . _ ~` as `%XX` of its UTF-8 bytes.
    public static func uriEncode(_ text: some StringProtocol) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    static func percentDecode(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count, let value = UInt8(String(decoding: utf8[index + 1...index + 2], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined()
    }

    /// `20150830T123600Z`.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let text = String(n ?? 0); return text.count < 2 ? "0" + text : text }
        return "\(c.year ?? 1970)\(two(c.month))\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))Z"
    }
}
