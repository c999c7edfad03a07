import Auth
import Hummingbird
import Templates

/// "Forgot your password?": ask for a link (the same answer whether or not the address has an
/// account), follow it, choose a new password; every session ends and a notice is mailed.
struct PasswordResetController {
    let pages: PageRenderer
    let resets: PasswordResets
    let throttle: SignInThrottle
    let composer: MailComposer
    let backends: Backends
    let flash: FlashMessages

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("password/forgot") { request, context in
            let (messages, clear) = try await flash.take(from: request)
            var response = try askPage(email: request.uri.queryParameters["email"].map(String.init) ?? "", sent: false, flash: messages,
                                       request: request, context: context)
            if let clear { response.setCookie(clear) }
            return response
        }
        router.post("password/forgot") { request, context in
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
            let email = form.text("email")
            guard !email.isEmpty else {
                return try askPage(email: "", sent: false, error: "Enter the email address you signed up with.", status: .unprocessableContent,
                                   request: request, context: context)
            }
            do {
                let resets = resets, composer = composer, client = context.clientAddress ?? "unknown"
                try await backends.cache { _ in
                    try await resets.request(email: email, client: client) { user, token in
                        try composer.message("password-reset", to: user.email, subject: "Reset your BandUp password", [
                            "name": .string(user.displayName), "link": .string(composer.link("/password/reset?token=\(token)")),
                            "minutes": .int(Int(PasswordResets.lifetime.components.seconds) / 60),
                        ])
                    }
                }
                return try askPage(email: email, sent: true, request: request, context: context)
            } catch AccountError.throttled(let retry) {
                var response = try askPage(email: email, sent: false,
                                           error: "Too many requests from your network. Wait \(SignInController.minutes(retry)) and try again.",
                                           status: .tooManyRequests, request: request, context: context)
                response.headers[.retryAfter] = String(retry)
                return response
            }
        }
        router.get("password/reset") { request, context in
            let token = request.uri.queryParameters["token"].map(String.init) ?? ""
            let resets = resets
            let user = token.isEmpty ? nil : try await backends.database { _ in try await resets.account(token: token) }
            return try choosePage(token: token, valid: user != nil, request: request, context: context)
        }
        router.post("password/reset") { request, context in
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
            let token = form.text("token"), password = form["password"] ?? ""
            do {
                let resets = resets, throttle = throttle, composer = composer
                let client = context.clientAddress ?? "", device = DeviceName.describe(request.headers[.userAgent] ?? "")
                try await backends.database { _ in
                    try await resets.reset(token: token, password: password, notice: { user, _ in
                        try composer.message("password-changed", to: user.email, subject: "Your BandUp password was changed", [
                            "name": .string(user.displayName), "link": .string(composer.link("/password/forgot")),
                        ])
                    }, throttle: throttle, client: client, device: device)
                }
                var response = Response.redirect(to: "/sign-in", type: .normal)
                response.setCookie(try await flash.store([FlashMessage(kind: .success,
                    text: "Your password has been changed and every device was signed out. Sign in with your new password.")]))
                return response
            } catch AccountError.invalid(let field, let message) {
                return try choosePage(token: token, valid: field != "token", error: message, status: field == "token" ? .gone : .unprocessableContent,
                                      request: request, context: context)
            }
        }
    }

    private func askPage(email: String, sent: Bool, error: String? = nil, status: HTTPResponse.Status = .ok, flash: [FlashMessage] = [],
                         request: Request, context: WebContext) throws -> Response {
        try pages.render("accounts/forgot-password.html", [
            "email": .string(email), "sent": .bool(sent), "error": error.map { .string($0) } ?? .null,
            "minutes": .int(Int(PasswordResets.lifetime.components.seconds) / 60),
        ], context: context, path: request.uri.path, status: status, flash: flash)
    }

    private func choosePage(token: String, valid: Bool, error: String? = nil, status: HTTPResponse.Status? = nil,
                            request: Request, context: WebContext) throws -> Response {
        try pages.render("accounts/reset-password.html", [
            "token": .string(token), "valid": .bool(valid), "error": error.map { .string($0) } ?? .null,
        ], context: context, path: request.uri.path, status: status ?? (valid ? .ok : .gone))
    }
}
