import AssetPipeline
import Foundation
import Synchronization

/// Where a lesson's media come from. `audio/part-1.mp3` is a file of `Public/` (fingerprinted, on
/// the CDN); `uploads/3f2a…c1.png` is a file an editor uploaded, kept in ``Storage`` under
/// `lessons/3f2a…c1.png` and served at `/media/uploads/3f2a…c1.png`.
enum LessonMedia {
    static let uploadPrefix = "uploads/"

    /// The storage key of an upload reference, or nil when `reference` is not a well-formed one.
    static func storageKey(for reference: String) -> String? {
        guard reference.hasPrefix(uploadPrefix) else { return nil }
        let name = reference.dropFirst(uploadPrefix.count)
        guard let dot = name.firstIndex(of: "."), name[..<dot].count == 32,
              name[..<dot].allSatisfy({ $0.isHexDigit && !$0.isUppercase }), UploadKind.byExtension[String(name[name.index(after: dot)...])] != nil
        else { return nil }
        return "lessons/" + name
    }

    /// Resolves media for rendering: uploads to `/media/…` (remembering which were used, so a
    /// save can check they exist), everything else through the asset catalog.
    final class Resolver: Sendable {
        let assets: AssetCatalog
        private let used = Mutex<[String]>([])

        init(assets: AssetCatalog) { self.assets = assets }

        var uploads: [String] { used.withLock { $0 } }

        func resolve(_ path: String) -> String? {
            if storageKey(for: path) != nil {
                used.withLock { $0.append(path) }
                return "/media/" + path
            }
            return assets.url(path)
        }
    }
}

/// What editors may upload: images for lessons and audio for listening, checked by their first
/// bytes as well as their declared type, each with its size limit.
struct UploadKind: Sendable {
    let contentType: String
    let fileExtension: String
    let limit: Int
    let matches: @Sendable ([UInt8]) -> Bool

    var isAudio: Bool { contentType.hasPrefix("audio/") }

    static let megabyte = 1 << 20

    static let all: [UploadKind] = [
        UploadKind(contentType: "image/png", fileExtension: "png", limit: 5 * megabyte) { $0.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) },
        UploadKind(contentType: "image/jpeg", fileExtension: "jpg", limit: 5 * megabyte) { $0.starts(with: [0xFF, 0xD8, 0xFF]) },
        UploadKind(contentType: "image/gif", fileExtension: "gif", limit: 5 * megabyte) { $0.starts(with: Array("GIF8".utf8)) },
        UploadKind(contentType: "image/webp", fileExtension: "webp", limit: 5 * megabyte) { riff($0, "WEBP") },
        UploadKind(contentType: "audio/mpeg", fileExtension: "mp3", limit: 20 * megabyte) { bytes in
            bytes.starts(with: Array("ID3".utf8)) || (bytes.count > 1 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0)
        },
        UploadKind(contentType: "audio/ogg", fileExtension: "ogg", limit: 20 * megabyte) { $0.starts(with: Array("OggS".utf8)) },
        UploadKind(contentType: "audio/wav", fileExtension: "wav", limit: 20 * megabyte) { riff($0, "WAVE") },
        UploadKind(contentType: "audio/mp4", fileExtension: "m4a", limit: 20 * megabyte) { $0.count > 8 && Array($0[4..<8]) == Array("ftyp".utf8) },
    ]

    static let byContentType: [String: UploadKind] = {
        var kinds = Dictionary(uniqueKeysWithValues: all.map { ($0.contentType, $0) })
        kinds["audio/x-wav"] = kinds["audio/wav"]
        kinds["audio/mp3"] = kinds["audio/mpeg"]
        kinds["audio/x-m4a"] = kinds["audio/mp4"]
        return kinds
    }()

    static let byExtension: [String: UploadKind] = Dictionary(uniqueKeysWithValues: all.map { ($0.fileExtension, $0) })

    /// What a learner's speaking recording may be: what browsers' MediaRecorder makes (WebM or
    /// Ogg Opus, MP4) and the other audio types, at most 10 MB.
    static let recordings: [String: UploadKind] = {
        let webm = UploadKind(contentType: "audio/webm", fileExtension: "webm", limit: 10 * megabyte) { $0.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) }
        var kinds = ["audio/webm": webm]
        for (type, kind) in byContentType where kind.isAudio {
            kinds[type] = UploadKind(contentType: kind.contentType, fileExtension: kind.fileExtension, limit: 10 * megabyte, matches: kind.matches)
        }
        return kinds
    }()

    private static func riff(_ bytes: [UInt8], _ form: String) -> Bool {
        bytes.count >= 12 && bytes.starts(with: Array("RIFF".utf8)) && Array(bytes[8..<12]) == Array(form.utf8)
    }
}
