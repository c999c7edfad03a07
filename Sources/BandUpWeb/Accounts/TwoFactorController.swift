import Auth
import Foundation
import Hummingbird
import Templates

/// Two-step verification on the account page: set-up with a QR code drawn on the server, the
/// recovery codes shown once, new recovery codes, and turning it off (password and a code).
struct TwoFactorController {
    let pages: PageRenderer
    let accounts: Accounts
    let twoFactor: TwoFactor
    let backends: Backends
    let flash: FlashMessages
    let sessions: SessionStore

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("account/two-factor") { request, context in
            try await page(request: request, context: context)
        }
        router.post("account/two-factor/setup") { _, context in
            let user = try context.signedInUser(), twoFactor = twoFactor
            _ = try await backends.database { _ in try await twoFactor.begin(userID: user.id) }
            return Response.redirect(to: "/account/two-factor", type: .normal)
        }
        router.post("account/two-factor/confirm") { request, context in
            let user = try context.signedInUser(), twoFactor = twoFactor, sessions = sessions
            guard let current = context.session else { throw HTTPError(.unauthorized) }
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
            // The password too: a session alone (left open, or stolen) cannot put someone else's phone on the account.
            guard try await passwordIsRight(user, form["password"] ?? "") else {
                return try await page(request: request, context: context, error: "That is not your password; two-step verification is still off.",
                                      status: .unprocessableContent)
            }
            let (client, device) = context.origin(of: request)
            guard let codes = try await backends.database({ _ in try await twoFactor.confirm(userID: user.id, code: form.text("code"), client: client, device: device) }) else {
                return try await page(request: request, context: context, error: "That code is not right. Check the time on your phone, "
                                          + "wait for the next code and type it within 30 seconds.", status: .unprocessableContent)
            }
            // Only this session has passed the new second step: every other one ends.
            try await backends.cache { _ in
                try await sessions.endAll(userID: user.id, keeping: current.handle)
                try await sessions.markSecondStep(handle: current.handle, userID: user.id)
            }
            return try codesPage(codes, first: true, request: request, context: context)
        }
        router.post("account/two-factor/recovery-codes") { request, context in
            try await checkedChange(request, context: context) { user, client, device in
                let codes = try await twoFactor.newRecoveryCodes(userID: user.id, client: client, device: device)
                return try codesPage(codes, first: false, request: request, context: context)
            }
        }
        router.post("account/two-factor/off") { request, context in
            try await checkedChange(request, context: context) { user, client, device in
                try await twoFactor.turnOff(userID: user.id, client: client, device: device)
                var response = Response.redirect(to: "/account/two-factor", type: .normal)
                response.setCookie(try await flash.store([FlashMessage(kind: .success, text: "Two-step verification is off. "
                    + (user.role == .learner ? "" : "Publishing and managing users stay closed to your account until you turn it on again."))]))
                return response
            }
        }
    }

    /// A change to the second step: done only with the current password and a fresh code (or a
    /// recovery code); otherwise the page again, nothing changed.
    private func checkedChange(_ request: Request, context: WebContext,
                               _ change: @escaping @Sendable (User, String, String) async throws -> Response) async throws -> Response {
        let user = try context.signedInUser()
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
        guard try await checked(user, form: form, context: context) else {
            return try await page(request: request, context: context, error: Self.refused, status: .unprocessableContent)
        }
        let (client, device) = context.origin(of: request)
        return try await backends.database { _ in try await change(user, client, device) }
    }

    static let refused = "Your password or the code is not right; nothing has changed."

    /// The current password and a fresh code (or a recovery code): what a change to the second step asks.
    private func checked(_ user: User, form: FormFields, context: WebContext) async throws -> Bool {
        let twoFactor = twoFactor, code = form.text("code")
        guard try await passwordIsRight(user, form["password"] ?? "") else { return false }
        return try await backends.database { _ in try await twoFactor.verify(userID: user.id, code: code) != nil }
    }

    private func passwordIsRight(_ user: User, _ password: String) async throws -> Bool {
        let accounts = accounts
        return try await backends.database { _ in
            guard let hash = try await accounts.users.passwordHash(id: user.id) else { return false }
            return try await accounts.hasher.verify(password, against: hash)
        }
    }

    private func page(request: Request, context: WebContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try context.signedInUser(), twoFactor = twoFactor
        let state = try await backends.database { _ in try await twoFactor.status(userID: user.id) }
        var values: [String: TemplateValue] = ["error": error.map { .string($0) } ?? .null, "staff": .bool(user.role != .learner)]
        switch state {
        case .off:
            values["state"] = "off"
        case .pending(let secret):
            let totp = TOTP(secret: secret)
            let uri = totp.provisioningURI(account: user.email, issuer: twoFactor.issuer)
            values["state"] = "pending"
            values["key"] = .string(Base32.encode(secret).chunked(4))
            values["qr"] = QRCode(uri).map { .html(TrustedHTML(trustedSource: $0.svg(label: "QR code for your authenticator app"))) } ?? .null
        case .on(let since, let left):
            values["state"] = "on"
            values["since"] = .date(since)
            values["codesLeft"] = .int(left)
        }
        let (messages, clear) = try await flash.take(from: request)
        var response = try pages.render("accounts/two-factor.html", values, context: context, path: request.uri.path, status: status, flash: messages)
        response.headers[.cacheControl] = "no-store"
        if let clear { response.setCookie(clear) }
        return response
    }

    private func codesPage(_ codes: [String], first: Bool, request: Request, context: WebContext) throws -> Response {
        var response = try pages.render("accounts/recovery-codes.html", ["codes": .array(codes.map { .string($0) }), "first": .bool(first)],
                                        context: context, path: request.uri.path)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

extension String {
    /// `ABCDEFGH` as `ABCD EFGH`: easier to copy by eye.
    func chunked(_ size: Int) -> String {
        var groups: [Substring] = [], rest = self[...]
        while !rest.isEmpty {
            groups.append(rest.prefix(size))
            rest = rest.dropFirst(size)
        }
        return groups.joined(separator: " ")
    }
}
