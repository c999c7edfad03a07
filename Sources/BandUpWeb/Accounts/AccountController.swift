import Auth
import Foundation
import Hummingbird
import Templates

/// The account page: who you are (and whether your address is confirmed), your sessions (end one,
/// or all others), your password.
struct AccountController {
    let pages: PageRenderer
    let accounts: Accounts
    let sessions: SessionStore
    let backends: Backends
    let flash: FlashMessages
    let verifications: EmailVerifications
    let composer: MailComposer
    let log: SecurityLog
    let changes: EmailChanges
    let deletion: AccountDeletion
    let google: GoogleAccounts

    /// Routes for signed-in accounts (the group requires a user).
    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("account") { request, context in
            try await accountPage(request: request, context: context, passwordErrors: [:])
        }
        router.post("account/email") { request, context in
            let (user, _) = try signedIn(context)
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
            do {
                let changes = changes, compose = composer.emailChange
                let address = try await backends.database { _ in
                    try await changes.request(user: user, newEmail: form.text("newEmail"), password: form["emailChangePassword"] ?? "", compose: compose)
                }
                return try await redirect("/account", "We have sent a link to \(address.value). Your address changes when you follow it.")
            } catch let error as AccountError {
                return try await accountPage(request: request, context: context, passwordErrors: [:], emailErrors: error.fieldMessages,
                                             newEmail: form.text("newEmail"), status: .unprocessableContent)
            }
        }
        router.post("account/sessions/end") { request, context in
            let (user, current) = try signedIn(context)
            var request = request
            let handle = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024))).text("handle")
            guard handle != current.handle else { throw HTTPError(.badRequest, message: "To end this session, sign out.") }
            let sessions = sessions
            try await backends.cache { _ in try await sessions.end(handle: handle, userID: user.id) }
            context.logger.notice("audit: session ended", metadata: ["user_id": "\(user.id)"])
            return try await redirect("/account", "That session has ended.")
        }
        router.post("account/google/unlink") { request, context in
            let (user, _) = try signedIn(context), google = google, (client, device) = context.origin(of: request)
            try await backends.database { _ in try await google.unlink(userID: user.id, client: client, device: device) }
            return try await redirect("/account", "Your Google account is unlinked: sign in with your email address and password.")
        }
        router.post("account/sign-out-everywhere") { request, context in
            let (user, current) = try signedIn(context)
            let sessions = sessions
            try await backends.cache { _ in try await sessions.endAll(userID: user.id, keeping: current.handle) }
            await log.record(.signedOutEverywhere, userID: user.id, client: context.clientAddress ?? "",
                             device: DeviceName.describe(request.headers[.userAgent] ?? ""))
            context.logger.notice("audit: signed out everywhere else", metadata: ["user_id": "\(user.id)"])
            return try await redirect("/account", "You are now signed out on every other device.")
        }
        router.post("account/email/verify") { _, context in
            let (user, _) = try signedIn(context)
            let verifications = verifications, composer = composer
            let sent = try await backends.database { _ in try await verifications.resend(to: user, compose: composer.confirmation) }
            if sent { context.logger.notice("audit: confirmation link sent again", metadata: ["user_id": "\(user.id)"]) }
            return try await redirect("/account", sent ? "We have sent a new link to \(user.email)."
                : user.isEmailVerified ? "Your email address is already confirmed." : "We sent three links this hour; check your inbox and spam folder, or try again later.")
        }
        router.post("account/password") { request, context in
            let (user, current) = try signedIn(context)
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
            do {
                let accounts = accounts, sessions = sessions, logger = context.logger
                let client = context.clientAddress ?? "", device = DeviceName.describe(request.headers[.userAgent] ?? "")
                try await backends.database { _ in
                    try await accounts.changePassword(user: user, current: form.text("currentPassword"), new: form.text("newPassword"),
                                                      client: client, device: device, logger: logger)
                    try await sessions.endAll(userID: user.id, keeping: current.handle)
                }
                return try await redirect("/account", "Your password has changed, and your other sessions have ended.")
            } catch let error as AccountError {
                return try await accountPage(request: request, context: context, passwordErrors: error.fieldMessages, status: .unprocessableContent)
            }
        }
    }

    private func signedIn(_ context: WebContext) throws -> (User, Session) {
        guard let user = context.user, let session = context.session else { throw HTTPError(.unauthorized) }
        return (user, session)
    }

    private func redirect(_ path: String, _ message: String) async throws -> Response {
        var response = Response.redirect(to: path, type: .normal)
        response.setCookie(try await flash.store([FlashMessage(kind: .success, text: message)]))
        return response
    }

    private func accountPage(request: Request, context: WebContext, passwordErrors: [String: String], emailErrors: [String: String] = [:],
                             newEmail: String = "", status: HTTPResponse.Status = .ok) async throws -> Response {
        let (user, current) = try signedIn(context)
        let sessions = sessions
        let list = try await backends.cache { _ in try await sessions.sessions(userID: user.id) }
        let log = log
        let activity = try await backends.database { _ in try await log.recent(userID: user.id, limit: 10) }
        let twoFactor = accounts.twoFactor
        let secondStep = try await backends.database { _ in try await twoFactor?.isOn(userID: user.id) ?? false }
        let deletion = deletion
        let due = try await backends.database { _ in try await deletion.dueDate(userID: user.id) }
        let google = google
        let linked = try await backends.database { _ in try await google.isLinked(userID: user.id) }
        let (messages, clear) = try await flash.take(from: request)
        var response = try pages.render("accounts/account.html", [
            "account": .dictionary([
                "name": .string(user.displayName), "email": .string(user.email), "role": .string(user.role.rawValue),
                "targetBand": user.targetBand.map { .double($0) } ?? .null, "examDate": user.examDate.map { .string($0) } ?? .null,
                "created": .date(user.createdAt), "verified": .bool(user.isEmailVerified),
            ]),
            "sessions": .array(list.map { session in
                .dictionary([
                    "handle": .string(session.handle), "device": .string(DeviceName.describe(session.userAgent)),
                    "lastSeen": .string(DeviceName.ago(session.lastSeenAt)), "current": .bool(session.handle == current.handle),
                ])
            }),
            "passwordErrors": .dictionary(passwordErrors.mapValues { .string($0) }),
            "activity": .array(activity.map(Self.value)), "twoFactor": .bool(secondStep), "google": .bool(linked), "deletionDue": AccountDeletionController.banner(due),
            "emailErrors": .dictionary(emailErrors.mapValues { .string($0) }), "newEmail": .string(newEmail),
        ], context: context, path: request.uri.path, status: status, flash: messages)
        if let clear { response.setCookie(clear) }
        return response
    }

    /// An event as the account and admin pages show it.
    static func value(_ event: SecurityEvent) -> TemplateValue {
        .dictionary([
            "what": .string(event.kind.summary), "kind": .string(event.kind.rawValue), "at": .date(event.at), "email": .string(event.email),
            "where": .string([event.device, event.client].filter { !$0.isEmpty }.joined(separator: ", ")), "detail": .string(event.detail),
        ])
    }
}
