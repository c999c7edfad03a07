import Foundation
import Hummingbird
import Templates

/// Renders pages through `Templates/` with what every page's layout needs: the site, the
/// navigation, the request (CSP nonce, id, path) and flash messages.
struct PageRenderer: Sendable {
    let templates: TemplateLibrary
    let environment: AppEnvironment

    init(templates: TemplateLibrary, environment: AppEnvironment) {
        self.templates = templates
        self.environment = environment
    }

    /// The page `name` with the page's own `values`, as an HTML response.
    func render(_ name: String, _ values: [String: TemplateValue], context: WebContext, path: String,
                status: HTTPResponse.Status = .ok, flash: [FlashMessage] = []) throws -> Response {
        let page = layoutValues(values, context: context, path: path, flash: flash)
        let bytes = try templates.render(name, TemplateValue.dictionary(page))
        return Response(status: status,
                        headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A piece of a page (the editor's preview), with the same values a page gets; never cached.
    func renderFragment(_ name: String, _ values: [String: TemplateValue], context: WebContext) throws -> Response {
        let bytes = try templates.render(name, TemplateValue.dictionary(layoutValues(values, context: context, path: "", flash: [])))
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func layoutValues(_ values: [String: TemplateValue], context: WebContext, path: String, flash: [FlashMessage]) -> [String: TemplateValue] {
        var page = values
        page["site"] = .dictionary([
            "name": "BandUp",
            "year": .int(Calendar(identifier: .gregorian).component(.year, from: .now)),
            "development": .bool(environment.isDevelopment),
        ])
        page["request"] = .dictionary([
            "nonce": .string(context.cspNonce),
            "id": .string(context.requestID),
            "path": .string(path),
        ])
        page["nav"] = .array(Navigation.main.map { item in
            .dictionary(["label": .string(item.label), "href": .string(item.href), "current": .bool(item.isCurrent(path))])
        })
        page["csrf"] = .string(context.csrfToken)
        page["user"] = context.user.map { user in
            .dictionary(["name": .string(user.displayName), "email": .string(user.email), "role": .string(user.role.rawValue),
                         "isAdmin": .bool(user.role == .admin), "isEditor": .bool(user.role.includes(.editor))])
        } ?? .null
        page["flash"] = .array(flash.map { .dictionary(["kind": .string($0.kind.rawValue), "text": .string($0.text)]) })
        return page
    }
}

/// The site's main navigation; items arrive with their features.
struct Navigation {
    struct Item {
        let label: String
        let href: String

        func isCurrent(_ path: String) -> Bool {
            href == "/" ? path == "/" : path == href || path.hasPrefix(href + "/")
        }
    }

    static let main: [Item] = [
        Item(label: "Home", href: "/"),
        Item(label: "Lessons", href: "/lessons"),
        Item(label: "Tests", href: "/tests"),
        Item(label: "Writing", href: "/writing"),
        Item(label: "Speaking", href: "/speaking"),
        Item(label: "Flashcards", href: "/flashcards"),
        Item(label: "Dictation", href: "/dictation"),
        Item(label: "The IELTS test", href: "/ielts"),
    ]
}
