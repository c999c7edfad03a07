import AssetPipeline
import Hummingbird
import HTTPTypes
import NIOCore

/// `/assets/<fingerprinted path>`: the files of the manifest only, cached for a year, with a strong
/// ETag, the gzip copy when the client accepts it, and byte ranges (seeking in listening audio).
/// This makes BandUp a correct origin for the CDN as well.
struct AssetsController {
    let catalog: AssetCatalog
    let files: FileIO

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("assets/**") { request, context in try await serve(request, context: context) }
        router.head("assets/**") { request, context in try await serve(request, context: context) }
    }

    func serve(_ request: Request, context: WebContext) async throws -> Response {
        let path = String(request.uri.path.dropFirst("/assets/".count))
        // Only names in the manifest: `..`, encoded or not, can never match one.
        guard let entry = catalog.served(path) else { throw HTTPError(.notFound) }
        let etag = "\"\(entry.sha256)\""
        var headers: HTTPFields = [
            .contentType: entry.contentType,
            .cacheControl: "public, max-age=31536000, immutable",
            .eTag: etag,
            .acceptRanges: "bytes",
            .vary: "Accept-Encoding",
            HTTPField.Name("Access-Control-Allow-Origin")!: "*",
        ]
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag || $0 == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        var file = entry.path
        var size = entry.size
        let range = ByteRange(header: request.headers[.range], size: entry.size)
        if case .whole = range, let gzip = entry.gzip, Self.acceptsGzip(request.headers[.acceptEncoding]) {
            file = gzip
            headers[.contentEncoding] = "gzip"
            size = entry.gzipSize ?? 0
        }
        let location = catalog.directory + "/" + file
        switch range {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(entry.size)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .partial(let bytes):
            headers[.contentRange] = "bytes \(bytes.lowerBound)-\(bytes.upperBound)/\(entry.size)"
            headers[.contentLength] = String(bytes.count)
            if request.method == .head { return Response(status: .partialContent, headers: headers) }
            return Response(status: .partialContent, headers: headers, body: try await files.loadFile(path: location, range: bytes, context: context))
        case .whole:
            headers[.contentLength] = String(size)
            if request.method == .head { return Response(status: .ok, headers: headers) }
            return Response(status: .ok, headers: headers, body: try await files.loadFile(path: location, context: context))
        }
    }

    /// `gzip` listed with a non-zero quality.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.lowercased().split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.first == "gzip" else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
        return false
    }
}
