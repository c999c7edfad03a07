import Auth
import Hummingbird
import Templates

/// Sign up, sign in and sign out.
struct SignInController {
    let pages: PageRenderer
    let accounts: Accounts
    let sessions: SessionStore
    let backends: Backends
    let cookies: SessionCookies
    let flash: FlashMessages
    let verifications: EmailVerifications
    let composer: MailComposer
    let pending: PendingSignIns
    let start: SessionStart
    /// Shows "Sign in with Google" when it is configured.
    let google: Bool

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("sign-in") { request, context in
            if context.user != nil { return Response.redirect(to: SafeRedirect.path(request.uri.queryParameters["next"].map(String.init)), type: .normal) }
            let (messages, clear) = try await flash.take(from: request)
            var response = try signInPage(email: "", next: request.uri.queryParameters["next"].map(String.init) ?? "", error: nil,
                                          flash: messages, request: request, context: context)
            if let clear { response.setCookie(clear) }
            return response
        }
        router.post("sign-in") { request, context in
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
            let email = form.text("email"), next = SafeRedirect.path(form["next"])
            do {
                let accounts = accounts, client = context.clientAddress ?? "unknown", logger = context.logger
                let device = DeviceName.describe(request.headers[.userAgent] ?? "")
                let step = try await backends.cache { _ in
                    try await accounts.signIn(email: email, password: form.text("password"), client: client, device: device, logger: logger)
                }
                guard case .secondStepNeeded(let user) = step else {
                    return try await start.session(for: step.user, remember: form["remember"] == "on", request: request, context: context, redirect: next)
                }
                return try await start.secondStep(for: user, remember: form["remember"] == "on", next: next)
            } catch AccountError.wrongCredentials {
                return try signInPage(email: email, next: next, error: "The email address or password is not right.", status: .unauthorized,
                                      request: request, context: context)
            } catch AccountError.throttled(let retry) {
                var response = try signInPage(email: email, next: next,
                                               error: "Too many failed attempts. For your safety, wait \(Self.minutes(retry)) and try again.",
                                               status: .tooManyRequests, request: request, context: context)
                response.headers[.retryAfter] = String(retry)
                return response
            }
        }
        router.get("sign-in/code") { request, context in
            guard try await waiting(request) != nil else { return try await timedOut() }
            return try codePage(error: nil, request: request, context: context)
        }
        router.post("sign-in/code") { request, context in
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
            guard let (token, held) = try await waiting(request),
                  let user = try await backends.database({ [accounts] _ in try await accounts.users.find(id: held.userID) })
            else { return try await timedOut() }
            let accounts = accounts, pending = pending, client = context.clientAddress ?? "unknown", logger = context.logger
            let device = DeviceName.describe(request.headers[.userAgent] ?? "")
            guard let attempt = try await backends.cache({ _ in try await pending.useAttempt(token) }) else {
                return try await timedOut(tooManyMisses: true)
            }
            do {
                let proof = try await backends.database { _ in
                    try await accounts.finishSignIn(user, code: form.text("code"), client: client, device: device, logger: logger)
                }
                try await backends.cache { _ in try await pending.end(token) }
                var response = try await start.session(for: user, remember: held.remember, request: request, context: context, redirect: held.next,
                                                      welcome: proof == .recoveryCode ? Self.recoveryCodeUsed : nil, secondStep: true)
                response.setCookie(cookies.clearing(cookies.secondStep))
                return response
            } catch AccountError.wrongCode {
                if attempt >= PendingSignIns.tries {
                    try await backends.cache { _ in try await pending.end(token) }
                    return try await timedOut(tooManyMisses: true)
                }
                return try codePage(error: "That code is not right, or it has been used already. Wait for the next code and try again.",
                                    status: .unauthorized, request: request, context: context)
            } catch AccountError.throttled(let retry) {
                var response = try codePage(error: "Too many failed attempts. For your safety, wait \(Self.minutes(retry)) and try again.",
                                            status: .tooManyRequests, request: request, context: context)
                response.headers[.retryAfter] = String(retry)
                return response
            }
        }
        router.get("sign-up") { request, context in
            try signUpPage(SignUpForm(), errors: [:], request: request, context: context)
        }
        router.post("sign-up") { request, context in
            var request = request
            let fields = FormFields(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
            let form = SignUpForm(email: fields.text("email"), displayName: fields.text("displayName"), password: fields.text("password"),
                                  targetBand: fields.text("targetBand"), examDate: fields.text("examDate"))
            do {
                let accounts = accounts, logger = context.logger, verifications = verifications, compose = composer.confirmation
                // The account and the mail with its confirmation link are stored together (the mail
                // waits in the outbox if the mail server is away).
                let user = try await backends.database { _ in
                    try await accounts.signUp(form, logger: logger) { user, connection in
                        try await verifications.issue(for: user, compose: compose, on: connection)
                    }
                }
                return try await start.session(for: user, remember: false, request: request, context: context, redirect: "/account",
                                              welcome: "Welcome to BandUp, \(user.displayName)! Your account is ready. "
                                                  + "We have sent a link to \(user.email) to confirm your address.")
            } catch let error as AccountError {
                var kept = form
                kept.password = ""
                return try signUpPage(kept, errors: error.fieldMessages, status: .unprocessableContent, request: request, context: context)
            }
        }
        router.post("sign-out") { _, context in
            var response = Response.redirect(to: "/", type: .normal)
            if let session = context.session {
                let sessions = sessions
                try await backends.cache { _ in try await sessions.end(handle: session.handle, userID: session.userID) }
                context.logger.notice("audit: signed out", metadata: ["user_id": "\(session.userID)"])
                response.setCookie(try await flash.store([FlashMessage(kind: .info, text: "You have signed out.")]))
            }
            response.setCookie(cookies.clearing(cookies.session))
            return response
        }
    }

    /// The pending sign-in this browser's cookie names, if it is still waiting.
    private func waiting(_ request: Request) async throws -> (String, PendingSignIns.Pending)? {
        guard let token = request.cookies[cookies.secondStep]?.value, !token.isEmpty, token.utf8.count <= 100 else { return nil }
        let pending = pending
        return try await backends.cache { _ in try await pending.find(token) }.map { (token, $0) }
    }

    private func timedOut(tooManyMisses: Bool = false) async throws -> Response {
        var response = Response.redirect(to: "/sign-in", type: .normal)
        let text = tooManyMisses ? "Too many wrong codes. Sign in again with your password." : "Your sign-in timed out. Please sign in again."
        response.setCookie(try await flash.store([FlashMessage(kind: .error, text: text)]))
        response.setCookie(cookies.clearing(cookies.secondStep))
        return response
    }

    private func codePage(error: String?, status: HTTPResponse.Status = .ok, request: Request, context: WebContext) throws -> Response {
        try pages.render("accounts/sign-in-code.html", ["error": error.map { .string($0) } ?? .null],
                         context: context, path: request.uri.path, status: status)
    }

    static let recoveryCodeUsed = "You signed in with a recovery code; it cannot be used again. "
        + "If you have lost your phone, make new recovery codes or set up two-step verification again on your account page."

    private func signInPage(email: String, next: String, error: String?, status: HTTPResponse.Status = .ok, flash: [FlashMessage] = [],
                            request: Request, context: WebContext) throws -> Response {
        try pages.render("accounts/sign-in.html", [
            "email": .string(email), "next": .string(SafeRedirect.path(next)), "error": error.map { .string($0) } ?? .null, "google": .bool(google),
        ], context: context, path: request.uri.path, status: status, flash: flash)
    }

    private func signUpPage(_ form: SignUpForm, errors: [String: String], status: HTTPResponse.Status = .ok,
                            request: Request, context: WebContext) throws -> Response {
        try pages.render("accounts/sign-up.html", [
            "form": .dictionary(["email": .string(form.email), "displayName": .string(form.displayName),
                                 "targetBand": .string(form.targetBand), "examDate": .string(form.examDate)]),
            "errors": .dictionary(errors.mapValues { .string($0) }),
        ], context: context, path: request.uri.path, status: status)
    }

    static func minutes(_ seconds: Int) -> String {
        let minutes = max(1, (seconds + 59) / 60)
        return minutes == 1 ? "a minute" : "\(minutes) minutes"
    }
}
