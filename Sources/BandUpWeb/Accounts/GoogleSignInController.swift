import Auth
import Foundation
import Hummingbird
import Redis

/// Sign in with Google (OpenID Connect, authorization code flow with PKCE, `state` and `nonce`).
/// `/auth/google` sends the browser to Google with a fresh attempt kept in Redis for ten minutes
/// and its `state` in a cookie; the callback accepts only that browser's state, once, exchanges the
/// code and believes nothing the ID token says until ``IDToken`` has checked it.
struct GoogleSignInController {
    let pages: PageRenderer
    let provider: OpenIDProvider
    let accounts: GoogleAccounts
    /// Passwords, the sign-in throttle and the second step, as for any sign-in.
    let signIns: Accounts
    let twoFactor: TwoFactor
    let backends: Backends
    let cookies: SessionCookies
    let start: SessionStart
    static let attemptLifetime: Duration = .seconds(600)

    struct Waiting: Codable {
        let attempt: OpenIDProvider.Attempt
        let next: String
    }

    struct Link: Codable {
        let userID: Int64
        let subject: String
        let next: String
    }

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("auth/google") { request, context in
            let attempt = OpenIDProvider.newAttempt(), next = SafeRedirect.path(request.uri.queryParameters["next"].map(String.init))
            let location: String
            do { location = try await provider.authorizationURL(for: attempt) } catch {
                context.logger.error("Google's discovery document could not be read", metadata: ["error": "\(error)"])
                return try refusal(Self.unreachable, status: .badGateway, request: request, context: context)
            }
            try await keep(Waiting(attempt: attempt, next: next), key: Self.key("oidc:attempt", attempt.state))
            var response = Response.redirect(to: location, type: .normal)
            response.setCookie(cookie(cookies.googleState, attempt.state))
            return response
        }
        router.get("auth/google/callback") { request, context in
            let query = request.uri.queryParameters
            let state = query["state"].map(String.init) ?? ""
            guard !state.isEmpty, let mine = request.cookies[cookies.googleState]?.value, SecretText.equal(mine, state),
                  let waiting: Waiting = try await take(Self.key("oidc:attempt", state)) else {
                return try refusal("This sign-in did not start in this browser, or it took longer than ten minutes. Please try again.",
                                   status: .badRequest, request: request, context: context)
            }
            if let error = query["error"] {
                let words = error == "access_denied" ? "You chose not to sign in with Google." : "Google did not sign you in (\(error))."
                return try refusal(words, status: .badRequest, request: request, context: context)
            }
            guard let code = query["code"].map(String.init), !code.isEmpty else {
                return try refusal("Google sent no sign-in code back.", status: .badRequest, request: request, context: context)
            }
            let claims: IDToken.Claims
            do {
                claims = try await provider.claims(code: code, attempt: waiting.attempt)
            } catch let problem as IDTokenProblem {
                context.logger.warning("audit: Google ID token refused", metadata: ["reason": "\(problem.reason)", "client": "\(context.clientAddress ?? "")"])
                return try refusal("Nobody was signed in: \(problem.reason).", status: .badRequest, request: request, context: context)
            } catch {
                context.logger.error("Google sign-in failed", metadata: ["error": "\(error)"])
                return try refusal(Self.unreachable, status: .badGateway, request: request, context: context)
            }
            let (client, device) = context.origin(of: request)
            let accounts = accounts
            let outcome: GoogleAccounts.Outcome
            do {
                outcome = try await backends.database { _ in try await accounts.resolve(claims, client: client, device: device) }
            } catch let error as AccountError {
                return try refusal(error.fieldMessages.values.first ?? "BandUp could not make or find your account.", status: .conflict,
                                   request: request, context: context)
            }
            switch outcome {
            case .signIn(let user, let created):
                return try await finish(user, next: created ? "/account" : waiting.next, request: request, context: context,
                                        welcome: created ? "Welcome to BandUp, \(user.displayName)! Your account is ready; you sign in with Google." : nil)
            case .confirmLink(let user):
                let token = OpenIDProvider.newAttempt().state
                try await keep(Link(userID: user.id, subject: claims.sub, next: waiting.next), key: Self.key("oidc:link", token))
                var response = try await linkPage(user, error: nil, request: request, context: context)
                response.setCookie(cookie(cookies.googleLink, token))
                return response
            case .refused(let words):
                return try refusal(words, status: .forbidden, request: request, context: context)
            }
        }
        router.post("auth/google/link") { request, context in
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
            let users = signIns.users
            guard let token = request.cookies[cookies.googleLink]?.value, !token.isEmpty,
                  let link: Link = try await read(Self.key("oidc:link", token)),
                  let user = try await backends.database({ _ in try await users.find(id: link.userID) }) else {
                return try refusal("This link request has expired. Sign in with Google again.", status: .badRequest, request: request, context: context)
            }
            let (client, device) = context.origin(of: request)
            let signIns = signIns, twoFactor = twoFactor, accounts = accounts
            // The password as at sign-in: throttled, each miss counted and recorded.
            do {
                try await backends.cache { _ in try await signIns.throttle.check(email: user.email, client: client) }
            } catch AccountError.throttled(let retry) {
                return try await linkPage(user, error: "Too many failed attempts. For your safety, wait \(SignInController.minutes(retry)) and try again.",
                                          status: .tooManyRequests, request: request, context: context)
            }
            let password = form["password"] ?? ""
            let right = try await backends.database { _ in
                guard let hash = try await users.passwordHash(id: user.id) else { return false }
                return try await signIns.hasher.verify(password, against: hash)
            }
            guard right else {
                _ = try await backends.cache { _ in try await signIns.throttle.recordFailure(email: user.email, client: client) }
                return try await linkPage(user, error: "That is not your BandUp password. Nothing was linked.", status: .unauthorized,
                                          request: request, context: context)
            }
            // With two-step verification on, its code too, before anything is linked.
            let secondStep = try await backends.database { _ in try await twoFactor.isOn(userID: user.id) }
            if secondStep {
                do {
                    _ = try await backends.database { _ in try await signIns.finishSignIn(user, code: form.text("code"), client: client, device: device) }
                } catch AccountError.wrongCode {
                    return try await linkPage(user, error: "That code is not right, or it has been used already. Nothing was linked.",
                                              status: .unauthorized, request: request, context: context)
                } catch AccountError.throttled(let retry) {
                    return try await linkPage(user, error: "Too many failed attempts. For your safety, wait \(SignInController.minutes(retry)) and try again.",
                                              status: .tooManyRequests, request: request, context: context)
                }
            } else {
                try await backends.database { _ in try await signIns.recordSignIn(user, client: client, device: device, detail: "with Google (linked now)") }
            }
            let linked = try await backends.database { _ in try await accounts.link(user, subject: link.subject, client: client, device: device) }
            _ = try await take(Self.key("oidc:link", token)) as Link?
            guard linked else {
                return try refusal("Your BandUp account is already linked to another Google account. Sign in with your password and unlink it on "
                                   + "your account page first.", status: .conflict, request: request, context: context)
            }
            var response = try await start.session(for: user, remember: false, request: request, context: context, redirect: link.next,
                                                   welcome: "Your Google account is linked: next time, “Sign in with Google” is enough.",
                                                   secondStep: secondStep)
            response.setCookie(cookies.clearing(cookies.googleLink))
            response.setCookie(cookies.clearing(cookies.googleState))
            return response
        }
    }

    /// A session, or the code page first when the account has two-step verification on.
    private func finish(_ user: User, next: String, request: Request, context: WebContext, welcome: String?) async throws -> Response {
        let twoFactor = twoFactor, signIns = signIns, (client, device) = context.origin(of: request)
        var response: Response
        if try await backends.database({ _ in try await twoFactor.isOn(userID: user.id) }) {
            response = try await start.secondStep(for: user, remember: false, next: next)
        } else {
            try await backends.database { _ in try await signIns.recordSignIn(user, client: client, device: device, detail: "with Google") }
            response = try await start.session(for: user, remember: false, request: request, context: context, redirect: next, welcome: welcome)
        }
        response.setCookie(cookies.clearing(cookies.googleState))
        return response
    }

    private func refusal(_ words: String, status: HTTPResponse.Status, request: Request, context: WebContext) throws -> Response {
        var response = try pages.render("accounts/google-refused.html", ["message": .string(words)], context: context, path: request.uri.path, status: status)
        response.setCookie(cookies.clearing(cookies.googleState))
        return response
    }

    static let unreachable = "Google did not answer as expected, so nobody was signed in. Please try again in a moment."

    private func linkPage(_ user: User, error: String?, status: HTTPResponse.Status = .ok, request: Request, context: WebContext) async throws -> Response {
        let twoFactor = twoFactor
        let code = try await backends.database { _ in try await twoFactor.isOn(userID: user.id) }
        return try pages.render("accounts/google-link.html", ["email": .string(user.email), "error": error.map { .string($0) } ?? .null, "code": .bool(code)],
                                context: context, path: request.uri.path, status: status)
    }

    private func cookie(_ name: String, _ value: String) -> Cookie {
        // Lax: the provider's redirect back is a top-level GET, which carries Lax cookies.
        Cookie(name: name, value: value, maxAge: Int(Self.attemptLifetime.components.seconds), path: "/", secure: cookies.secure, httpOnly: true, sameSite: .lax)
    }

    private func keep(_ value: some Encodable & Sendable, key: String) async throws {
        let text = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        try await backends.cache { redis in try await redis.set(key, to: text, expiresIn: Self.attemptLifetime) }
    }

    private func read<T: Decodable & Sendable>(_ key: String) async throws -> T? {
        guard let text = try await backends.cache({ redis in try await redis.get(key) }) else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    /// Reads and deletes at once: a state is good for one callback.
    private func take<T: Decodable & Sendable>(_ key: String) async throws -> T? {
        guard let text = try await backends.cache({ redis in try await redis.send(["GETDEL", key]).checked().string }) else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    static func key(_ prefix: String, _ token: String) -> String {
        prefix + ":" + SessionStore.handle(token)
    }
}
