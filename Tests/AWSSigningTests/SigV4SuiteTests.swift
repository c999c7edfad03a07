import AWSSigning
import Crypto
import Foundation
import TestSupport
import Testing

/// Every case of the official SigV4 test suite (aws-c-auth `aws-signing-test-suite/v4`, in
/// `../shared/testdata/aws-sigv4/`): header signing and presigned URLs.
@Suite struct SigV4SuiteTests {
    static let suite = BandUpProcess.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/aws-sigv4")

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: suite.path)) ?? [])
        .filter { FileManager.default.fileExists(atPath: suite.appendingPathComponent($0).appendingPathComponent("request.txt").path) }
        .sorted()

    struct Case {
        let signer: SigV4Signer
        let request: SignableRequest
        let date: Date
        let expires: Int
        let directory: URL

        func expected(_ name: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
    }

    static func load(_ name: String) throws -> Case {
        let directory = suite.appendingPathComponent(name)
        let context = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("context.json"))) as! [String: Any]
        let credentials = context["credentials"] as! [String: String]
        var signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: credentials["access_key_id"]!, secretAccessKey: credentials["secret_access_key"]!,
                                                             sessionToken: credentials["token"]),
                                 region: context["region"] as! String, service: context["service"] as! String,
                                 normalizesPath: context["normalize"] as! Bool, signsPayloadHeader: context["sign_body"] as! Bool)
        signer.omitsSessionTokenFromSignature = context["omit_session_token"] as? Bool ?? false
        let date = ISO8601DateFormatter().date(from: context["timestamp"] as! String)!

        // request.txt: "METHOD TARGET HTTP/1.1", headers (continuation lines start with spaces), blank line, body.
        let raw = try String(contentsOf: directory.appendingPathComponent("request.txt"), encoding: .utf8)
        let (head, body) = raw.range(of: "\n\n").map { (String(raw[..<$0.lowerBound]), String(raw[$0.upperBound...])) } ?? (raw, "")
        var lines = head.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        let target = String(requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count))
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let path = String(target.prefix { $0 != "?" })
        let query = target.count > path.count ? String(target.dropFirst(path.count + 1)) : ""
        let hash = SHA256Hex.of(Data(body.utf8))
        let request = SignableRequest(method: method, path: path, query: query, headers: headers, payloadHash: hash)
        return Case(signer: signer, request: request, date: date, expires: context["expiration_in_seconds"] as? Int ?? 3600, directory: directory)
    }

    @Test func theSuiteIsThere() {
        #expect(Self.cases.count >= 35, "expected the SigV4 suite in \(Self.suite.path) (../shared beside the checkout)")
    }

    @Test(arguments: cases) func headerSigning(_ name: String) throws {
        let test = try Self.load(name)
        let signing = test.signer.sign(test.request, date: test.date)
        #expect(signing.canonicalRequest == (try test.expected("header-canonical-request.txt")))
        #expect(signing.stringToSign == (try test.expected("header-string-to-sign.txt")))
        #expect(signing.signature == (try test.expected("header-signature.txt")).trimmingCharacters(in: .whitespacesAndNewlines))
        let authorization = signing.headers.last { $0.name == "Authorization" }?.value ?? ""
        #expect((try test.expected("header-signed-request.txt")).contains("Authorization:" + authorization))
    }

    @Test(arguments: cases) func presignedURLs(_ name: String) throws {
        let test = try Self.load(name)
        var signer = test.signer
        signer.signsPayloadHeader = false  // a presigned URL carries no x-amz-content-sha256
        let signing = signer.presign(test.request, date: test.date, expires: test.expires)
        #expect(signing.canonicalRequest == (try test.expected("query-canonical-request.txt")))
        #expect(signing.signature == (try test.expected("query-signature.txt")).trimmingCharacters(in: .whitespacesAndNewlines))
        let firstLine = (try test.expected("query-signed-request.txt")).components(separatedBy: "\n")[0]
        #expect(firstLine.hasSuffix("X-Amz-Signature=\(signing.signature) HTTP/1.1"))
    }
}

/// The two examples of the S3 API reference ("Signature Calculations for the Authorization Header").
@Suite struct S3ExampleTests {
    static let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                                    region: "us-east-1", service: "s3", normalizesPath: false, signsPayloadHeader: true)
    static let date = ISO8601DateFormatter().date(from: "2013-05-24T00:00:00Z")!

    @Test func getObjectWithRange() {
        let request = SignableRequest(method: "GET", path: "/test.txt", headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")],
                                      payloadHash: SignableRequest.emptyPayloadHash)
        #expect(Self.signer.sign(request, date: Self.date).signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func listObjects() {
        let request = SignableRequest(method: "GET", path: "/", query: "max-keys=2&prefix=J", headers: [("Host", "examplebucket.s3.amazonaws.com")],
                                      payloadHash: SignableRequest.emptyPayloadHash)
        #expect(Self.signer.sign(request, date: Self.date).signature == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }
}

enum SHA256Hex {
    static func of(_ data: Data) -> String {
        var hasher = Crypto.SHA256()
        hasher.update(data: data)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
