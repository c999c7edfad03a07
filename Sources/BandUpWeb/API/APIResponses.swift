import API
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// How API answers are written: JSON with its type, problems as RFC 9457 documents, and
/// representations with an entity tag that answer 304 when the client has them already.
enum APIResponse {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        if fields[.cacheControl] == nil { fields[.cacheControl] = "private, no-store" }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: value.bytes)))
    }

    /// A JSON representation with a strong ETag (SHA-256 of its bytes); 304 when `If-None-Match`
    /// names it. Clients revalidate every time (`no-cache`).
    static func cached(_ value: JSONValue, request: Request) -> Response {
        let bytes = value.bytes
        return cached(bytes, tag: entityTag(bytes), request: request)
    }

    /// Bytes already written, with their tag (a representation kept in memory).
    static func cached(_ bytes: [UInt8], tag: String, request: Request) -> Response {
        var headers: HTTPFields = [.eTag: tag, .cacheControl: "private, no-cache", .vary: "Authorization"]
        if let sent = request.headers[.ifNoneMatch], Self.matches(sent, tag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A strong entity tag: the first 160 bits of the bytes' SHA-256, base64url.
    static func entityTag(_ bytes: [UInt8]) -> String {
        let digest = Data(SHA256.hash(data: bytes)).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").prefix(27)
        return "\"\(digest)\""
    }

    /// Whether an `If-None-Match` list names `tag` (weak comparison, as RFC 9110 asks for it).
    static func matches(_ list: String, _ tag: String) -> Bool {
        if list.trimmingCharacters(in: .whitespaces) == "*" { return true }
        return list.split(separator: ",").contains { candidate in
            var text = candidate.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("W/") { text.removeFirst(2) }
            return text == tag
        }
    }

    static func created(_ value: JSONValue, at location: String, status: HTTPResponse.Status = .created) -> Response {
        json(value, status: status, headers: [.location: location])
    }
}

extension Problem {
    /// The problem an error amounts to: a ``Problem`` as it is, and Hummingbird's and BandUp's
    /// own errors by what they mean. Anything else is a bug: 500, its details only in the log.
    static func from(_ error: any Error) -> Problem {
        if let problem = error as? Problem { return problem }
        if let unavailable = ServiceUnavailable.from(error) {
            return Problem(.unavailable, "\(unavailable.service == "Redis" ? "Redis" : "PostgreSQL") is not answering right now. Nothing was changed; try again in a few seconds.")
        }
        if error is RateLimited { return Problem(.rateLimited, "Too many requests: wait and try again.") }
        if let http = error as? HTTPError {
            let detail = http.body
            switch http.status.code {
            // The contract has checked the request's form already: what is left is its content.
            case 400, 422: return Problem(.unprocessable, detail ?? "The request cannot be carried out as it stands.")
            case 401: return Problem(.unauthorized, detail ?? "This needs a valid access token.")
            case 403: return Problem(.forbidden, detail ?? "This account may not do that.")
            case 404: return Problem(.notFound, detail ?? "There is nothing at this address.")
            case 405: return Problem(.methodNotAllowed, detail ?? "This address does not take this method.")
            case 409: return Problem(.conflict, detail ?? "That conflicts with the resource's state.")
            case 413: return Problem(.tooLarge, detail ?? "The body is too large.")
            case 415: return Problem(.unsupportedMediaType, detail ?? "The body's type is not one this takes.")
            case 503: return Problem(.unavailable, detail ?? "Try again in a few seconds.")
            default: break
            }
        }
        return Problem(.serverError, "An unexpected error stopped this request. It is logged; if it keeps happening, quote the X-Request-Id header.")
    }

    /// The problem as a response (`application/problem+json`, never cached).
    func response(typeBase: String, instance: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/problem+json"
        headers[.cacheControl] = "no-store"
        if kind == .unavailable, headers[.retryAfter] == nil { headers[.retryAfter] = "5" }
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: json(typeBase: typeBase, instance: instance).bytes)))
    }
}
