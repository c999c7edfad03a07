import Auth
import Foundation
import Hummingbird
import ObjectStorage

/// "Download my data": one ZIP with everything BandUp holds about the learner as JSON
/// (`bandup-data.json`) and their Speaking recordings (`recordings/…`).
struct AccountDataController {
    let data: AccountData
    let storage: any Storage
    let backends: Backends
    let log: SecurityLog

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("account/data.zip") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let data = data
            let (json, keys) = try await backends.database { _ in (try await data.json(userID: user.id), try await data.recordingKeys(userID: user.id)) }
            var archive = ZipArchive()
            archive.add("bandup-data.json", Array(json.utf8))
            for key in keys {
                guard let (bytes, _) = try await FeedbackRuntime.recording(key, in: storage) else { continue }
                archive.add("recordings/" + key.replacingOccurrences(of: "/", with: "-"), bytes)
            }
            await log.record(.dataDownloaded, userID: user.id, client: context.clientAddress ?? "",
                             device: DeviceName.describe(request.headers[.userAgent] ?? ""))
            context.logger.notice("audit: data downloaded", metadata: ["user_id": "\(user.id)", "recordings": "\(keys.count)"])
            let day = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(secondsFromGMT: 0)!, formatOptions: [.withFullDate])
            return Response(status: .ok, headers: [
                .contentType: "application/zip", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"bandup-data-\(day).zip\"",
            ], body: .init(byteBuffer: ByteBuffer(bytes: archive.finished())))
        }
    }
}
