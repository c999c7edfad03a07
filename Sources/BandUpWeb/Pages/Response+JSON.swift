import Foundation
import Hummingbird

extension Response {
    /// A small JSON answer for the pages' scripts (autosave, uploads); never cached.
    static func json(_ value: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: .init(byteBuffer: .init(bytes: data)))
    }
}
