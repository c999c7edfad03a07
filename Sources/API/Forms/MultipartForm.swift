import Foundation

/// A `multipart/form-data` body (RFC 7578) read into its parts: each part's field name, file
/// name and type when given, and its bytes. Anything that is not such a body is refused with
/// what is wrong.
public struct MultipartForm: Sendable {
    public struct Part: Sendable, Equatable {
        public let name: String
        public let filename: String?
        public let contentType: String?
        public let bytes: [UInt8]

        public var text: String? { String(validating: bytes, as: UTF8.self) }
    }

    public let parts: [Part]

    public static let maximumParts = 20

    public func first(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// The boundary of a `multipart/form-data; boundary=…` media type; nil for anything else.
    public static func boundary(of contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    public init(_ body: [UInt8], boundary: String) throws(FormError) {
        let delimiter = Array("--\(boundary)".utf8)
        guard var position = Self.find(delimiter, in: body, from: 0) else { throw FormError("the body has no part starting with the boundary") }
        var parts: [Part] = []
        while true {
            position += delimiter.count
            // The closing delimiter ends with "--".
            if body.count >= position + 2, body[position] == 0x2D, body[position + 1] == 0x2D { break }
            guard body.count >= position + 2, body[position] == 0x0D, body[position + 1] == 0x0A else {
                throw FormError("a boundary line must end with CRLF")
            }
            position += 2
            guard let headerEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: position) else { throw FormError("a part's headers do not end") }
            guard let headers = String(validating: body[position..<headerEnd], as: UTF8.self) else { throw FormError("a part's headers are not UTF-8") }
            let contentStart = headerEnd + 4
            guard let next = Self.find([0x0D, 0x0A] + delimiter, in: body, from: contentStart) else { throw FormError("the body does not end with the closing boundary") }
            parts.append(try Self.part(headers: headers, bytes: Array(body[contentStart..<next])))
            guard parts.count <= Self.maximumParts else { throw FormError("the form has more than \(Self.maximumParts) parts") }
            position = next + 2
        }
        self.parts = parts
    }

    static func part(headers: String, bytes: [UInt8]) throws(FormError) -> Part {
        var name: String?, filename: String?, type: String?
        for line in headers.split(separator: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { throw FormError("a part has a header without ':'") }
            let field = pair[0].trimmingCharacters(in: .whitespaces).lowercased(), value = pair[1].trimmingCharacters(in: .whitespaces)
            if field == "content-type" { type = value.lowercased() }
            guard field == "content-disposition" else { continue }
            let pieces = Self.parameters(value)
            guard pieces.first?.0.lowercased() == "form-data" else { throw FormError("a part's Content-Disposition is not form-data") }
            for (key, parameter) in pieces.dropFirst() {
                switch key.lowercased() {
                case "name": name = parameter
                case "filename": filename = parameter
                default: break
                }
            }
        }
        guard let name, !name.isEmpty else { throw FormError("a part has no name (Content-Disposition: form-data; name=\"…\")") }
        return Part(name: name, filename: filename, contentType: type, bytes: bytes)
    }

    /// `form-data; name="a;b"; filename="x.webm"` as its pieces, quotes respected.
    static func parameters(_ value: String) -> [(String, String)] {
        var pieces: [(String, String)] = [], current = "", quoted = false, escaped = false
        func close() {
            let pair = current.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if let key = pair.first, !key.isEmpty { pieces.append((key, pair.count > 1 ? pair[1] : "")) }
            current = ""
        }
        for character in value {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where quoted: escaped = true
            case "\"": quoted.toggle()
            case ";" where !quoted: close()
            default: current.append(character)
            }
        }
        close()
        return pieces
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

/// A form body that cannot be read.
public struct FormError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
