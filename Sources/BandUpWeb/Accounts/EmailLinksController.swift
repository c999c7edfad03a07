import Auth
import Foundation
import Hummingbird
import Templates

/// The links mailed about an account's address: confirming it at sign-up, confirming a new one,
/// and undoing a change from the old one (asked first: mail scanners follow links, and undoing
/// signs everyone out).
struct EmailLinksController {
    let pages: PageRenderer
    let verifications: EmailVerifications
    let changes: EmailChanges
    let composer: MailComposer
    let backends: Backends
    let flash: FlashMessages

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("email/confirm") { request, context in
            let token = Self.token(request), verifications = verifications
            guard !token.isEmpty, let user = try await backends.database({ _ in try await verifications.confirm(token: token) }) else {
                return try spent(request, context, why: "Confirmation links work once, for 48 hours.")
            }
            return try await flash.redirect(to: context.user?.id == user.id ? "/account" : "/sign-in", .success, "Thank you: \(user.email) is confirmed.")
        }
        router.get("email/change/confirm") { request, context in
            let token = Self.token(request), changes = changes, undo = composer.emailChanged
            do {
                guard !token.isEmpty, let user = try await backends.database({ _ in try await changes.confirm(token: token, composeUndo: undo) }) else {
                    return try spent(request, context, why: "Links to a new address work once, for 48 hours.")
                }
                return try await flash.redirect(to: context.user?.id == user.id ? "/account" : "/sign-in", .success,
                                                "Your BandUp account now signs in with \(user.email).")
            } catch AccountError.invalid(_, let message) {
                return try spent(request, context, why: message)
            }
        }
        router.get("email/change/undo") { request, context in
            let token = Self.token(request), changes = changes
            guard !token.isEmpty, try await backends.database({ _ in try await changes.canUndo(token: token) }) else {
                return try spent(request, context, why: "Undo links work once, for 7 days.")
            }
            return try pages.render("accounts/undo-email-change.html", ["token": .string(token)], context: context, path: request.uri.path)
        }
        router.post("email/change/undo") { request, context in
            var request = request
            let token = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024))).text("token"), changes = changes
            guard !token.isEmpty, let user = try await backends.database({ _ in try await changes.undo(token: token) }) else {
                return try spent(request, context, why: "Undo links work once, for 7 days.")
            }
            let email = user.email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return try await flash.redirect(to: "/password/forgot?email=\(email)", .success,
                                            "Your account signs in with \(user.email) again, and every device has been signed out. Now choose a new password.")
        }
    }

    private static func token(_ request: Request) -> String { request.uri.queryParameters["token"].map(String.init) ?? "" }

    private func spent(_ request: Request, _ context: WebContext, why: String) throws -> Response {
        try pages.render("accounts/link-spent.html", ["why": .string(why), "user": .bool(context.user != nil)], context: context,
                         path: request.uri.path, status: .gone)
    }
}
