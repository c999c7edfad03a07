import Auth
import Foundation
import Hummingbird
import Templates

/// "Delete my account": the page that says what goes and when, the form that asks for it (the
/// password and the word DELETE; then every device is signed out), and cancelling it, which a
/// learner who signs in during the grace period can do.
struct AccountDeletionController {
    let pages: PageRenderer
    let deletion: AccountDeletion
    let composer: MailComposer
    let backends: Backends
    let cookies: SessionCookies
    let flash: FlashMessages

    /// Routes for signed-in accounts (the group requires a user).
    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("account/delete") { request, context in
            try await page(request: request, context: context)
        }
        router.post("account/delete") { request, context in
            let user = try context.signedInUser()
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
            let deletion = deletion, compose = composer.accountDeletion
            let (client, device) = context.origin(of: request)
            do {
                let due = try await backends.database { _ in
                    try await deletion.request(user: user, password: form["deletePassword"] ?? "", confirmation: form.text("deleteConfirmation"),
                                               compose: compose, client: client, device: device)
                }
                // Every session has ended (this one too): the browser forgets its cookie.
                var response = Response.redirect(to: "/", type: .normal)
                response.setCookie(cookies.clearing(cookies.session))
                let text = "Your account will be deleted on \(Self.day(due)), and you have been signed out everywhere. "
                    + "Changed your mind? Sign in before then and cancel it on your account page. We have mailed you the details."
                response.setCookie(try await flash.store([FlashMessage(kind: .warning, text: text)]))
                context.logger.notice("audit: signed out for account deletion", metadata: ["user_id": "\(user.id)"])
                return response
            } catch let error as AccountError {
                return try await page(request: request, context: context, errors: error.fieldMessages, status: .unprocessableContent)
            }
        }
        router.post("account/delete/cancel") { request, context in
            let user = try context.signedInUser(), deletion = deletion
            let (client, device) = context.origin(of: request)
            let cancelled = try await backends.database { _ in try await deletion.cancel(userID: user.id, client: client, device: device) }
            let message: FlashMessage = cancelled
                ? FlashMessage(kind: .success, text: Self.kept)
                : FlashMessage(kind: .info, text: "Your account was not waiting to be deleted.")
            var response = Response.redirect(to: "/account", type: .normal)
            response.setCookie(try await flash.store([message]))
            return response
        }
    }

    /// What a learner who cancels reads.
    static let kept = "Your account will not be deleted. API tokens revoked when you asked stay revoked: make new ones if you need them."

    /// The day and time (UTC) the account goes, as the page, the flash message and the mail say it.
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEEE d MMMM yyyy 'at' HH:mm 'UTC'"
        return formatter.string(from: date)
    }

    /// The values for a pending deletion's banner (the account page shows it too): nil when none.
    static func banner(_ due: Date?) -> TemplateValue {
        due.map { .dictionary(["at": .date($0), "text": .string(day($0))]) } ?? .null
    }

    private func page(request: Request, context: WebContext, errors: [String: String] = [:],
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try context.signedInUser(), deletion = deletion
        let due = try await backends.database { _ in try await deletion.dueDate(userID: user.id) }
        let (messages, clear) = try await flash.take(from: request)
        var response = try pages.render("accounts/delete.html", [
            "deletionDue": Self.banner(due), "errors": .dictionary(errors.mapValues { .string($0) }),
            "days": .int(Int(deletion.grace.components.seconds) / 86_400), "staff": .bool(user.role != .learner),
            "word": .string(AccountDeletion.confirmationWord),
        ], context: context, path: request.uri.path, status: status, flash: messages)
        response.headers[.cacheControl] = "no-store"
        if let clear { response.setCookie(clear) }
        return response
    }
}
