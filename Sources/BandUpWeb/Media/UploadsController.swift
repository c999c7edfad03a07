import AssetPipeline
import Content
import Crypto
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import ObjectStorage

/// Editors upload images and audio for lessons; everyone may fetch them (they are named by the
/// SHA-256 of their bytes, so a name never changes meaning and caches can keep it for a year).
struct UploadsController {
    let storage: any Storage

    /// `POST /editor/uploads`: the file is the body, its type `Content-Type`; answers JSON with the
    /// reference to put in the lesson (`uploads/<hash>.png`) and ready-made Markdown.
    func addEditorRoutes(to router: some RouterMethods<WebContext>) {
        router.post("editor/uploads") { request, context in
            let declared = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard let kind = UploadKind.byContentType[declared] else {
                throw HTTPError(.unsupportedMediaType, message: "BandUp takes PNG, JPEG, GIF or WebP images and MP3, Ogg, WAV or M4A audio, not '\(declared.isEmpty ? "an unknown type" : declared)'.")
            }
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: kind.limit) } catch is NIOTooManyBytesError {
                throw HTTPError(.contentTooLarge, message: "The file is larger than \(kind.limit / UploadKind.megabyte) MB, the limit for \(kind.isAudio ? "audio" : "images").")
            }
            let bytes = Array(buffer: body)
            guard !bytes.isEmpty else { throw HTTPError(.badRequest, message: "The file is empty.") }
            guard kind.matches(Array(bytes.prefix(16))) else {
                throw HTTPError(.unsupportedMediaType, message: "The file does not look like \(kind.fileExtension.uppercased()): its contents do not match its type.")
            }
            let hash = SHA256.hash(data: bytes).prefix(16).map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined()
            let reference = LessonMedia.uploadPrefix + hash + "." + kind.fileExtension
            guard let key = LessonMedia.storageKey(for: reference) else { throw HTTPError(.internalServerError) }
            try await storage.put(key, bytes: bytes, contentType: kind.contentType, limit: kind.limit)
            let name = Self.describe(request.headers[HTTPField.Name("X-File-Name")!] ?? "")
            context.logger.notice("audit: media uploaded", metadata: ["key": "\(key)", "bytes": "\(bytes.count)", "by": "\(context.user?.id ?? 0)"])
            let markdown = kind.isAudio ? "```audio\nsrc: \(reference)\ntitle: \(LessonDraft.scalar(name.isEmpty ? "Listen" : name))\ntranscript: |\n  (the words of the recording)\n```\n"
                                        : "![\(name.isEmpty ? "Describe the image for people who cannot see it" : name)](\(reference))"
            let json = try JSONEncoder().encode(["reference": reference, "markdown": markdown, "contentType": kind.contentType])
            return Response(status: .created, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: json)))
        }
    }

    /// `GET /media/uploads/<hash>.<ext>`, with byte ranges for audio.
    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("media/uploads/:name") { request, context in try await serve(request, context: context) }
        router.head("media/uploads/:name") { request, context in try await serve(request, context: context) }
    }

    private func serve(_ request: Request, context: WebContext) async throws -> Response {
        let reference = LessonMedia.uploadPrefix + (context.parameters.get("name") ?? "")
        guard let key = LessonMedia.storageKey(for: reference), let kind = UploadKind.byExtension[String(reference.split(separator: ".").last ?? "")],
              let object = try await storage.get(key) else { throw HTTPError(.notFound) }
        let etag = "\"\(reference.dropFirst(LessonMedia.uploadPrefix.count).split(separator: ".")[0])\""
        var headers: HTTPFields = [
            .contentType: kind.contentType, .cacheControl: "public, max-age=31536000, immutable", .eTag: etag, .acceptRanges: "bytes",
        ]
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(object.size)
        for try await chunk in object.chunks { bytes += chunk.readableBytesView }
        switch ByteRange(header: request.headers[.range], size: bytes.count) {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(bytes.count)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .partial(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(bytes.count)"
            headers[.contentLength] = String(range.count)
            return Response(status: .partialContent, headers: headers,
                            body: request.method == .head ? .init() : .init(byteBuffer: ByteBuffer(bytes: bytes[range])))
        case .whole:
            headers[.contentLength] = String(bytes.count)
            return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// `Speaking test room.png` → "Speaking test room": a starting point for the alt text or title.
    static func describe(_ fileName: String) -> String {
        let decoded = fileName.removingPercentEncoding ?? fileName
        let stem = decoded.split(separator: "/").last.map { $0.split(separator: ".").dropLast().joined(separator: ".") } ?? ""
        let words = stem.map { $0 == "-" || $0 == "_" ? " " : $0 }.filter { !"[]()`\n\r".contains($0) }
        return String(String(words).trimmingCharacters(in: .whitespaces).prefix(80))
    }
}
