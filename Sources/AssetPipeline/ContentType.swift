/// The MIME type of an asset from its file extension, and whether it is worth compressing.
public enum ContentType {
    static let types: [String: (type: String, compressible: Bool)] = [
        "css": ("text/css; charset=utf-8", true),
        "js": ("text/javascript; charset=utf-8", true),
        "mjs": ("text/javascript; charset=utf-8", true),
        "map": ("application/json", true),
        "json": ("application/json", true),
        "svg": ("image/svg+xml", true),
        "html": ("text/html; charset=utf-8", true),
        "txt": ("text/plain; charset=utf-8", true),
        "xml": ("application/xml", true),
        "vtt": ("text/vtt; charset=utf-8", true),
        "ico": ("image/x-icon", true),
        "woff2": ("font/woff2", false),
        "woff": ("font/woff", false),
        "ttf": ("font/ttf", true),
        "otf": ("font/otf", true),
        "png": ("image/png", false),
        "jpg": ("image/jpeg", false),
        "jpeg": ("image/jpeg", false),
        "gif": ("image/gif", false),
        "webp": ("image/webp", false),
        "avif": ("image/avif", false),
        "mp3": ("audio/mpeg", false),
        "ogg": ("audio/ogg", false),
        "opus": ("audio/ogg", false),
        "m4a": ("audio/mp4", false),
        "wav": ("audio/wav", true),
        "webm": ("audio/webm", false),
        "mp4": ("video/mp4", false),
        "pdf": ("application/pdf", false),
    ]

    /// `text/css; charset=utf-8` for `css/app.css`; `application/octet-stream` when unknown.
    public static func of(_ path: String) -> String {
        types[fileExtension(path)]?.type ?? "application/octet-stream"
    }

    public static func isCompressible(_ path: String) -> Bool {
        types[fileExtension(path)]?.compressible ?? false
    }

    static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
