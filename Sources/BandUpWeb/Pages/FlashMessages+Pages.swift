import Hummingbird
import Templates

extension FlashMessages {
    /// A redirect to `path` that shows `messages` on the next page.
    func redirect(to path: String, _ messages: [FlashMessage]) async throws -> Response {
        var response = Response.redirect(to: path, type: .normal)
        response.setCookie(try await store(messages))
        return response
    }

    /// A redirect to `path` with one message.
    func redirect(to path: String, _ kind: FlashMessage.Kind, _ text: String) async throws -> Response {
        try await redirect(to: path, [FlashMessage(kind: kind, text: text)])
    }
}

extension PageRenderer {
    /// The page `name`, with the flash messages the request brought (and the cookie that clears them).
    func render(_ name: String, _ values: [String: TemplateValue], request: Request, context: WebContext, path: String,
                flash: FlashMessages, status: HTTPResponse.Status = .ok) async throws -> Response {
        let (messages, clear) = try await flash.take(from: request)
        var response = try render(name, values, context: context, path: path, status: status, flash: messages)
        if let clear { response.setCookie(clear) }
        return response
    }
}
