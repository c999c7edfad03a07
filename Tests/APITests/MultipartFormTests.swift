import Testing
@testable import API

/// `multipart/form-data` read into parts, and the forms that are refused.
@Suite struct MultipartFormTests {
    static func form(_ text: String) -> [UInt8] { Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) }

    @Test func fieldsAndAFileAreRead() throws {
        let body = Self.form("""
            --XyZ
            Content-Disposition: form-data; name="prompt"

            describe-a-park
            --XyZ
            Content-Disposition: form-data; name="recording"; filename="a;b \\"c\\".webm"
            Content-Type: Audio/WebM

            \u{1A}E\u{DF}\u{A3}--XyZ-not-the-end
            --XyZ--

            """)
        let form = try MultipartForm(body, boundary: "XyZ")
        #expect(form.parts.map(\.name) == ["prompt", "recording"])
        #expect(form.first("prompt")?.text == "describe-a-park")
        let file = try #require(form.first("recording"))
        #expect(file.filename == "a;b \"c\".webm" && file.contentType == "audio/webm")
        #expect(file.bytes == Array("\u{1A}E\u{DF}\u{A3}--XyZ-not-the-end".utf8), "a boundary-like text inside a part is content")
    }

    static let boundaries: [(String, String?)] = [
        ("multipart/form-data; boundary=abc", "abc"),
        ("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\"", "a b:c"),
        ("multipart/form-data", nil),
        ("multipart/mixed; boundary=abc", nil),
        ("multipart/form-data; boundary=\(String(repeating: "x", count: 71))", nil),
        ("application/json", nil),
    ]

    @Test(arguments: boundaries) func theBoundaryComesFromTheContentType(_ type: String, _ boundary: String?) {
        #expect(MultipartForm.boundary(of: type) == boundary)
    }

    static let refused: [(String, String)] = [
        ("no parts at all", "no part starting with the boundary"),
        ("--B\nContent-Disposition: form-data; name=\"a\"\n\nvalue", "closing boundary"),
        ("--B\nContent-Disposition: form-data\n\nvalue\n--B--\n", "has no name"),
        ("--B\nContent-Disposition: attachment; name=\"a\"\n\nvalue\n--B--\n", "not form-data"),
        ("--B\nno colon here\n\nvalue\n--B--\n", "without ':'"),
        ("--B\nContent-Disposition: form-data; name=\"a\"", "headers do not end"),
        ("--Bjunk\nContent-Disposition: form-data; name=\"a\"\n\nv\n--B--\n", "CRLF"),
    ]

    @Test(arguments: refused) func brokenFormsAreRefusedWithWhy(_ text: String, _ words: String) {
        do {
            _ = try MultipartForm(Self.form(text), boundary: "B")
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect(error.description.contains(words), "\(text.debugDescription): \(error)")
        }
    }

    @Test func partsAreCounted() {
        let many = (0...MultipartForm.maximumParts).map { "--B\nContent-Disposition: form-data; name=\"f\($0)\"\n\nx\n" }.joined() + "--B--\n"
        #expect(throws: FormError.self) { try MultipartForm(Self.form(many), boundary: "B") }
    }
}
